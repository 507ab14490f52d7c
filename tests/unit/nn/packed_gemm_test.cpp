#include <ssrnn/nn/packed_gemm.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

namespace
{
std::vector<float> random_matrix(std::size_t n, std::uint32_t seed)
{
    std::vector<float> v(n);
    for (auto & x : v)
    {
        seed = seed * 1664525U + 1013904223U;
        x = static_cast<float>(seed >> 8) / static_cast<float>(1U << 24) - 0.5F;
    }
    return v;
}
} // namespace

TEST_CASE("packed_matrix multiplies like a sequential fused multiply-add chain", "[nn][gemm]")
{
    auto const kernel = ssrnn::nn::active_gemm_kernel();
    INFO("kernel " << ssrnn::nn::to_string(kernel));
    for (int rows : {1, 7, 16, 33, 64, 100})
        for (int cols : {1, 5, 40})
            for (int n : {1, 6, 11, 12, 13, 29})
                for (bool transpose : {false, true})
                    for (bool accumulate : {false, true})
                    {
                        // A is rows x cols; stored transposed (cols x rows) when `transpose`.
                        int const lda = transpose ? cols + 3 : rows + 2;
                        auto const a = random_matrix(static_cast<std::size_t>(lda) * (transpose ? rows : cols), 1);
                        int const ldb = cols + 1, ldc = rows + 4;
                        auto const b = random_matrix(static_cast<std::size_t>(ldb) * static_cast<std::size_t>(n), 2);
                        auto c = random_matrix(static_cast<std::size_t>(ldc) * static_cast<std::size_t>(n), 3);
                        auto const c0 = c;
                        ssrnn::nn::packed_matrix p;
                        if (transpose)
                            p.pack(a.data(), cols, rows, lda, true);
                        else
                            p.pack(a.data(), rows, cols, lda);
                        REQUIRE(p.rows() == rows);
                        REQUIRE(p.cols() == cols);
                        p.multiply(b.data(), ldb, n, c.data(), ldc, accumulate);
                        for (int j = 0; j < n; ++j)
                            for (int i = 0; i < ldc; ++i)
                            {
                                auto const at = static_cast<std::size_t>(j) * static_cast<std::size_t>(ldc) +
                                                static_cast<std::size_t>(i);
                                if (i >= rows)
                                {
                                    REQUIRE(c[at] == c0[at]); // padding rows untouched
                                    continue;
                                }
                                float expected = accumulate ? c0[at] : 0.0F;
                                double exact = expected;
                                for (int k = 0; k < cols; ++k)
                                {
                                    float const aik =
                                        transpose ? a[static_cast<std::size_t>(i) * static_cast<std::size_t>(lda) +
                                                      static_cast<std::size_t>(k)]
                                                  : a[static_cast<std::size_t>(k) * static_cast<std::size_t>(lda) +
                                                      static_cast<std::size_t>(i)];
                                    float const bkj = b[static_cast<std::size_t>(j) * static_cast<std::size_t>(ldb) +
                                                        static_cast<std::size_t>(k)];
                                    expected = std::fma(aik, bkj, expected);
                                    exact += static_cast<double>(aik) * bkj;
                                }
                                if (kernel == ssrnn::nn::gemm_kernel::generic)
                                    REQUIRE(c[at] == Approx(exact).margin(1e-5));
                                else
                                    REQUIRE(c[at] == expected); // bit-identical on AVX2 and AVX-512
                            }
                    }
}

TEST_CASE("bf16 packed products: bfloat16 factors, float32 sums", "[nn][gemm][bf16]")
{
    if (!ssrnn::nn::bf16_supported())
        SUCCEED("no AVX-512 BF16 on this CPU: bf16 requests fall back to float32");
    for (int rows : {5, 32, 70})
        for (int cols : {1, 7, 64})
            for (int n : {1, 12, 13, 250})
            {
                auto const a = random_matrix(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols), 4);
                auto const b = random_matrix(static_cast<std::size_t>(cols) * static_cast<std::size_t>(n), 5);
                auto c = random_matrix(static_cast<std::size_t>(rows) * static_cast<std::size_t>(n), 6);
                auto const c0 = c;
                ssrnn::nn::packed_matrix p;
                p.pack(a.data(), rows, cols, rows, false, true);
                CHECK(p.bf16() == ssrnn::nn::bf16_supported());
                p.multiply(b.data(), cols, n, c.data(), rows, true);
                for (int j = 0; j < n; ++j)
                    for (int i = 0; i < rows; ++i)
                    {
                        double exact = c0[static_cast<std::size_t>(j * rows + i)], scale = 0;
                        for (int k = 0; k < cols; ++k)
                        {
                            double const t = static_cast<double>(a[static_cast<std::size_t>(k * rows + i)]) *
                                             b[static_cast<std::size_t>(j * cols + k)];
                            exact += t;
                            scale += std::abs(t);
                        }
                        // bfloat16 keeps 8 significant bits: each factor is off by at most 2^-8
                        // relative, each product by 2^-7 (plus float32 summation error).
                        REQUIRE(std::abs(c[static_cast<std::size_t>(j * rows + i)] - exact) <= scale / 128.0 + 1e-5);
                    }
            }
}

TEST_CASE("gradient_product sums A B^T over columns in order", "[nn][gemm]")
{
    auto const kernel = ssrnn::nn::active_gemm_kernel();
    INFO("kernel " << ssrnn::nn::to_string(kernel));
    ssrnn::nn::gradient_product prod; // reused across shapes, as a workspace reuses it
    for (int m : {1, 8, 33, 64})
        for (int k : {1, 7, 13, 40})
            for (int n : {0, 1, 255, 256, 300, 777})
                for (bool accumulate : {false, true})
                {
                    int const lda = m + 1, ldb = k + 2, ldc = m + 3;
                    auto const a = random_matrix(static_cast<std::size_t>(lda) * static_cast<std::size_t>(n) + 1, 7);
                    auto const b = random_matrix(static_cast<std::size_t>(ldb) * static_cast<std::size_t>(n) + 1, 8);
                    auto c = random_matrix(static_cast<std::size_t>(ldc) * static_cast<std::size_t>(k), 9);
                    auto const c0 = c;
                    prod.multiply_nt(a.data(), lda, b.data(), ldb, m, n, k, c.data(), ldc, accumulate);
                    for (int j = 0; j < k; ++j)
                        for (int i = 0; i < ldc; ++i)
                        {
                            auto const at = static_cast<std::size_t>(j * ldc + i);
                            if (i >= m)
                            {
                                REQUIRE(c[at] == c0[at]);
                                continue;
                            }
                            float expected = accumulate ? c0[at] : 0.0F;
                            double exact = expected;
                            for (int t = 0; t < n; ++t)
                            {
                                float const ait = a[static_cast<std::size_t>(t * lda + i)];
                                float const bjt = b[static_cast<std::size_t>(t * ldb + j)];
                                expected = std::fma(ait, bjt, expected);
                                exact += static_cast<double>(ait) * bjt;
                            }
                            if (kernel == ssrnn::nn::gemm_kernel::generic)
                                REQUIRE(c[at] == Approx(exact).margin(1e-4));
                            else
                                REQUIRE(c[at] == expected); // bit-identical on AVX2 and AVX-512
                        }
                }
}

#if defined(__x86_64__)
#include <ssrnn/nn/lstm_cell.hpp>

TEST_CASE("the LSTM step kernel computes sigmoid and tanh gates, the cell and the output", "[nn][gemm]")
{
    namespace d = ssrnn::nn::detail;
    if (d::lstm_cell_kernels() == 0)
    {
        WARN("the LSTM step kernels are off on this machine (no AVX2/FMA or SSRNN_KERNEL=generic)");
        return;
    }
    // tanh over its whole range, including the branch point (0.3) and saturation (9).
    std::vector<float> x;
    for (int k = -200000; k <= 200000; ++k)
        x.push_back(static_cast<float>(k) * 6e-5F);
    for (float v : {0.3F, -0.3F, 0.29999998F, 9.0F, -9.0F, 30.0F, -30.0F, 1e-30F, 0.0F, -0.0F})
        x.push_back(v);
    std::vector<float> y(x.size());
    d::tanh_avx2(x.data(), static_cast<int>(x.size()), y.data());
    if (d::lstm_cell_kernels() == 16) // the AVX-512 twin gives the same bits
    {
        std::vector<float> y16(x.size());
        d::tanh_avx512(x.data(), static_cast<int>(x.size()), y16.data());
        CHECK(y16 == y);
    }
    double worst = 0;
    for (std::size_t k = 0; k < x.size(); ++k)
        worst = std::max(worst, std::abs(static_cast<double>(y[k]) - std::tanh(static_cast<double>(x[k]))));
    CHECK(worst < 2e-7);
    CHECK(y[x.size() - 1] == 0.0F); // tanh(-0) is a zero, tanh(+-30) exactly +-1
    CHECK(y[x.size() - 5] == 1.0F);
    // One step: H not a multiple of 8 (masked tail), with and without a previous cell state.
    for (int H : {5, 13, 16, 35})
        for (bool prev : {false, true})
        {
            int const n = 3;
            auto a = random_matrix(static_cast<std::size_t>(4 * H * n), 11);
            for (auto & v : a)
                v *= 12.0F; // pre-activations across the saturation range
            auto const cp = random_matrix(static_cast<std::size_t>(H * n), 12);
            auto const a0 = a;
            std::vector<float> c(static_cast<std::size_t>(H * n)), h(c.size());
            d::lstm_cell_forward_avx2(a.data(), H, n, c.data(), prev ? cp.data() : nullptr, h.data());
            if (d::lstm_cell_kernels() == 16)
            {
                auto a16 = a0;
                std::vector<float> c16(c.size()), h16(c.size());
                d::lstm_cell_forward_avx512(a16.data(), H, n, c16.data(), prev ? cp.data() : nullptr, h16.data());
                CHECK(a16 == a);
                CHECK(c16 == c);
                CHECK(h16 == h);
            }
            auto sig = [](double v)
            {
                return 1.0 / (1.0 + std::exp(-v));
            };
            double worst_step = 0;
            for (int j = 0; j < n; ++j)
                for (int r = 0; r < H; ++r)
                {
                    auto pre = [&](int g)
                    {
                        return static_cast<double>(a0[static_cast<std::size_t>(j * 4 * H + g * H + r)]);
                    };
                    auto got = [&](int g)
                    {
                        return static_cast<double>(a[static_cast<std::size_t>(j * 4 * H + g * H + r)]);
                    };
                    double const i = sig(pre(0)), f = sig(pre(1)), g = std::tanh(pre(2)), o = sig(pre(3));
                    auto const at = static_cast<std::size_t>(j * H + r);
                    double const cc = i * g + (prev ? f * static_cast<double>(cp[at]) : 0.0);
                    for (double e :
                         {got(0) - i, got(1) - f, got(2) - g, got(3) - o, c[at] - cc, h[at] - o * std::tanh(cc)})
                        worst_step = std::max(worst_step, std::abs(e));
                }
            INFO("H " << H << ", previous cell state " << prev);
            CHECK(worst_step < 5e-7);
        }
}
#endif
