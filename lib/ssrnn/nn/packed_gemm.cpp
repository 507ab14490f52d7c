#include <ssrnn/nn/lstm_cell.hpp>
#include <ssrnn/nn/packed_gemm.hpp>

#include <Eigen/Core>

#if defined(SSRNN_X86_KERNELS)
#include <cpuid.h>
#endif

#include <cstdlib>
#include <cstring>

namespace ssrnn::nn
{
namespace
{
gemm_kernel detect() noexcept
{
    gemm_kernel best = gemm_kernel::generic;
#if defined(SSRNN_X86_KERNELS)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        best = gemm_kernel::avx2;
    if (__builtin_cpu_supports("avx512f"))
        best = gemm_kernel::avx512;
#endif
    if (char const * env = std::getenv("SSRNN_KERNEL"))
    {
        if (std::strcmp(env, "generic") == 0)
            best = gemm_kernel::generic;
        else if (std::strcmp(env, "avx2") == 0 && best == gemm_kernel::avx512)
            best = gemm_kernel::avx2;
    }
    return best;
}

int panel_rows(gemm_kernel k) noexcept
{
    return k == gemm_kernel::avx512 ? 32 : k == gemm_kernel::avx2 ? 16 : 0;
}
} // namespace

bool bf16_supported() noexcept
{
#if defined(SSRNN_X86_KERNELS)
    static bool const yes = []
    {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bf16") &&
               active_gemm_kernel() == gemm_kernel::avx512;
    }();
    return yes;
#else
    return false;
#endif
}

bool bf16_pays() noexcept
{
#if defined(SSRNN_X86_KERNELS)
    static bool const yes = []
    {
        unsigned a = 0, b = 0, c = 0, d = 0;
        if (!bf16_supported() || __get_cpuid(0, &a, &b, &c, &d) == 0)
            return false;
        bool const amd = b == 0x68747541U && d == 0x69746e65U && c == 0x444d4163U; // "AuthenticAMD"
        if (!amd || __get_cpuid(1, &a, &b, &c, &d) == 0)
            return false;
        unsigned const family = ((a >> 8U) & 0xfU) + (((a >> 8U) & 0xfU) == 0xfU ? (a >> 20U) & 0xffU : 0U);
        return family >= 0x1aU;
    }();
    return yes;
#else
    return false;
#endif
}

namespace
{
//! float -> bfloat16, round to nearest even (finite values).
std::uint32_t to_bf16(float x) noexcept
{
    std::uint32_t bits = 0;
    std::memcpy(&bits, &x, sizeof bits);
    return (bits + 0x7FFFU + ((bits >> 16) & 1U)) >> 16;
}
} // namespace

gemm_kernel active_gemm_kernel() noexcept
{
    static gemm_kernel const k = detect();
    return k;
}

int detail::lstm_cell_kernels() noexcept
{
    static int const lanes = active_gemm_kernel() == gemm_kernel::avx512 ? 16
                             : active_gemm_kernel() == gemm_kernel::avx2 ? 8
                                                                         : 0;
    return lanes;
}

std::string to_string(gemm_kernel k)
{
    return k == gemm_kernel::avx512 ? "avx512" : k == gemm_kernel::avx2 ? "avx2" : "generic";
}

void packed_matrix::pack(float const * a, int rows, int cols, int lda, bool transpose, bool bf16)
{
    kernel_ = active_gemm_kernel();
    bf16_ = bf16 && bf16_supported();
    panel_ = panel_rows(kernel_);
    rows_ = transpose ? cols : rows;
    cols_ = transpose ? rows : cols;
    auto at = [&](int i, int k)
    {
        return transpose ? a[static_cast<std::size_t>(i) * static_cast<std::size_t>(lda) + static_cast<std::size_t>(k)]
                         : a[static_cast<std::size_t>(k) * static_cast<std::size_t>(lda) + static_cast<std::size_t>(i)];
    };
    if (bf16_)
    {
        int const panels = (rows_ + 31) / 32, kp = (cols_ + 1) / 2;
        bf16_a_.assign(static_cast<std::size_t>(panels) * 32 * static_cast<std::size_t>(kp), 0U);
        std::uint32_t * out = bf16_a_.data();
        for (int p = 0; p < panels; ++p)
            for (int k = 0; k < kp; ++k)
                for (int r = 0; r < 32; ++r, ++out)
                {
                    int const i = p * 32 + r;
                    if (i >= rows_)
                        continue;
                    std::uint32_t const lo = to_bf16(at(i, 2 * k));
                    std::uint32_t const hi = 2 * k + 1 < cols_ ? to_bf16(at(i, 2 * k + 1)) : 0U;
                    *out = lo | (hi << 16);
                }
        return;
    }
    if (kernel_ == gemm_kernel::generic)
    {
        plain_.resize(static_cast<std::size_t>(rows_) * static_cast<std::size_t>(cols_));
        for (int k = 0; k < cols_; ++k)
            for (int i = 0; i < rows_; ++i)
                plain_[static_cast<std::size_t>(k) * static_cast<std::size_t>(rows_) + static_cast<std::size_t>(i)] =
                    at(i, k);
        return;
    }
    int const panels = (rows_ + panel_ - 1) / panel_;
    data_.assign(static_cast<std::size_t>(panels) * static_cast<std::size_t>(panel_) * static_cast<std::size_t>(cols_),
                 0.0F);
    float * out = data_.data();
    for (int p = 0; p < panels; ++p)
        for (int k = 0; k < cols_; ++k)
            for (int r = 0; r < panel_; ++r, ++out)
            {
                int const i = p * panel_ + r;
                if (i < rows_)
                    *out = at(i, k);
            }
}

void packed_matrix::multiply(float const * b, int ldb, int n, float * c, int ldc, bool accumulate) const
{
    if (n <= 0 || rows_ == 0)
        return;
#if defined(SSRNN_X86_KERNELS)
    if (bf16_)
    {
        int const kp = (cols_ + 1) / 2;
        bf16_b_.resize(static_cast<std::size_t>(kp) * static_cast<std::size_t>(n));
        for (int j = 0; j < n; ++j)
        {
            float const * col = b + static_cast<std::ptrdiff_t>(j) * ldb;
            std::uint32_t * out = bf16_b_.data() + static_cast<std::ptrdiff_t>(j) * kp;
            for (int k = 0; k < kp; ++k)
                out[k] = to_bf16(col[2 * k]) | (2 * k + 1 < cols_ ? to_bf16(col[2 * k + 1]) << 16 : 0U);
        }
        detail::packed_gemm_bf16(bf16_a_.data(), rows_, kp, bf16_b_.data(), n, c, ldc, accumulate);
        return;
    }
#endif
    switch (kernel_)
    {
#if defined(SSRNN_X86_KERNELS)
    case gemm_kernel::avx512:
        detail::packed_gemm_avx512(data_.data(), rows_, cols_, b, ldb, n, c, ldc, accumulate);
        return;
    case gemm_kernel::avx2:
        detail::packed_gemm_avx2(data_.data(), rows_, cols_, b, ldb, n, c, ldc, accumulate);
        return;
#endif
    default:
        break;
    }
    using map = Eigen::Map<Eigen::MatrixXf, 0, Eigen::OuterStride<>>;
    using cmap = Eigen::Map<Eigen::MatrixXf const, 0, Eigen::OuterStride<>>;
    map cm{c, rows_, n, Eigen::OuterStride<>{ldc}};
    cmap am{plain_.data(), rows_, cols_, Eigen::OuterStride<>{rows_}};
    cmap bm{b, cols_, n, Eigen::OuterStride<>{ldb}};
    if (accumulate)
        cm.noalias() += am * bm;
    else
        cm.noalias() = am * bm;
}

void gradient_product::multiply_nt(float const * a, int lda, float const * b, int ldb, int m, int n, int k, float * c,
                                   int ldc, bool accumulate)
{
    using map = Eigen::Map<Eigen::MatrixXf, 0, Eigen::OuterStride<>>;
    using cmap = Eigen::Map<Eigen::MatrixXf const, 0, Eigen::OuterStride<>>;
    if (m <= 0 || k <= 0)
        return;
    if (active_gemm_kernel() == gemm_kernel::generic || n <= 0)
    {
        map cm{c, m, k, Eigen::OuterStride<>{ldc}};
        if (!accumulate)
            cm.setZero();
        if (n > 0)
            cm.noalias() +=
                cmap{a, m, n, Eigen::OuterStride<>{lda}} * cmap{b, k, n, Eigen::OuterStride<>{ldb}}.transpose();
        return;
    }
    // Blocks of 256 columns: a packed panel of A (32 x 256 floats) stays in L1 and the kernel's
    // column blocks of B^T in L2, however many columns the batch has.
    constexpr int block = 256;
    for (int j0 = 0; j0 < n; j0 += block)
    {
        int const w = n - j0 < block ? n - j0 : block;
        a_block_.pack(a + static_cast<std::ptrdiff_t>(j0) * lda, m, w, lda);
        b_block_.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(k));
        for (int j = 0; j < w; ++j)
        {
            float const * col = b + static_cast<std::ptrdiff_t>(j0 + j) * ldb;
            for (int r = 0; r < k; ++r)
                b_block_[static_cast<std::size_t>(r) * static_cast<std::size_t>(w) + static_cast<std::size_t>(j)] =
                    col[r];
        }
        a_block_.multiply(b_block_.data(), w, k, c, ldc, accumulate || j0 > 0);
    }
}

} // namespace ssrnn::nn
