// gemm-peak: single-thread float32 matrix-multiply rates (GFLOP/s) of Eigen and of ssrnn's packed
// kernel for the shapes the LSTM uses: the roofline of docs/performance.md.
#include <ssrnn/nn/packed_gemm.hpp>

#include <Eigen/Core>

#include <chrono>
#include <cstdio>

int main()
{
    using matrix = Eigen::MatrixXf;
    std::printf("kernel %s\nrows\tk\tn\teigen_gflops\tpacked_gflops\n",
                ssrnn::nn::to_string(ssrnn::nn::active_gemm_kernel()).c_str());
    for (int k : {256, 512})
        for (int n : {8, 32, 256, 2048})
        {
            int const rows = 1024;
            matrix const a = matrix::Random(rows, k), b = matrix::Random(k, n);
            matrix c = matrix::Zero(rows, n);
            long const reps = 3'000'000'000L / (2L * rows * k * n) + 3;
            auto time = [&](auto && f)
            {
                auto const t0 = std::chrono::steady_clock::now();
                for (long r = 0; r < reps; ++r)
                    f();
                double const s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                return 2.0 * rows * k * n * static_cast<double>(reps) / s / 1e9;
            };
            double const eigen = time([&] { c.noalias() += a * b; });
            ssrnn::nn::packed_matrix p;
            p.pack(a.data(), rows, k, rows);
            double const packed = time([&] { p.multiply(b.data(), k, n, c.data(), rows, true); });
            std::printf("%d\t%d\t%d\t%.1f\t%.1f\n", rows, k, n, eigen, packed);
        }
    return 0;
}
