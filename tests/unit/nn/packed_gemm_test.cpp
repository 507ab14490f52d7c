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
