#include <ssrnn/nn/packed_gemm.hpp>

#include <Eigen/Core>

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

gemm_kernel active_gemm_kernel() noexcept
{
    static gemm_kernel const k = detect();
    return k;
}

std::string to_string(gemm_kernel k)
{
    return k == gemm_kernel::avx512 ? "avx512" : k == gemm_kernel::avx2 ? "avx2" : "generic";
}

void packed_matrix::pack(float const * a, int rows, int cols, int lda, bool transpose)
{
    kernel_ = active_gemm_kernel();
    panel_ = panel_rows(kernel_);
    rows_ = transpose ? cols : rows;
    cols_ = transpose ? rows : cols;
    auto at = [&](int i, int k)
    {
        return transpose ? a[static_cast<std::size_t>(i) * static_cast<std::size_t>(lda) + static_cast<std::size_t>(k)]
                         : a[static_cast<std::size_t>(k) * static_cast<std::size_t>(lda) + static_cast<std::size_t>(i)];
    };
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

} // namespace ssrnn::nn
