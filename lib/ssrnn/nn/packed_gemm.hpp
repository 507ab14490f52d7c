#pragma once
//! \file C += A B for a fixed A and many narrow B (the recurrent products of every time step).
//!
//! A general GEMM (Eigen, OpenBLAS) repacks A on every call; for W_hh h_{t-1} with a batch of
//! 8-64 columns that packing costs as much as the arithmetic. packed_matrix packs A once per
//! batch into panels of rows and multiplies it by narrow B with register-blocked kernels chosen at
//! run time: AVX-512 (32 x 12 tiles), AVX2+FMA (16 x 6), otherwise Eigen. Every kernel computes
//! each element as c + a_0 b_0 + a_1 b_1 + ... with one fused multiply-add per term, in that
//! order, so AVX-512 and AVX2 machines give bit-identical results.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ssrnn::nn
{

//! Which kernel packed_matrix uses on this machine.
enum class gemm_kernel
{
    generic, //!< Eigen (no AVX2/FMA, or disabled with SSRNN_KERNEL=generic)
    avx2,    //!< AVX2 + FMA, 16 x 6 tiles
    avx512   //!< AVX-512F, 32 x 12 tiles
};

//! The kernel selected at start-up (best the CPU supports; `SSRNN_KERNEL=generic|avx2|avx512` lowers it).
[[nodiscard]] gemm_kernel active_gemm_kernel() noexcept;
//! Name of a kernel ("generic", "avx2", "avx512").
[[nodiscard]] std::string to_string(gemm_kernel k);

//! Whether this CPU has AVX-512 BF16 (needed for reduced-precision products).
[[nodiscard]] bool bf16_supported() noexcept;
//! Whether bfloat16 products are measured to pay on this kind of CPU (>= 1.5x float32 prediction):
//! AVX-512 BF16 on an AMD Zen 5 or later (family 1Ah+: 1.52x). Not on the Intel Xeons measured
//! (0.64x: half-rate `vdpbf16ps`) nor on CPUs never measured. docs/performance.md.
[[nodiscard]] bool bf16_pays() noexcept;

//! A matrix packed for repeated products with narrow right-hand sides.
class packed_matrix
{
public:
    //! Packs the column-major `rows` x `cols` matrix at `a` (leading dimension `lda`), or its
    //! transpose if `transpose` (then the packed matrix is `cols` x `rows`). With `bf16` (and a CPU
    //! that has AVX-512 BF16) A and every B are rounded to bfloat16 and products accumulate in
    //! float32 (`vdpbf16ps`): about twice the arithmetic rate, 8 significant bits per factor.
    void pack(float const * a, int rows, int cols, int lda, bool transpose = false, bool bf16 = false);

    //! C (rows x n, leading dimension ldc) = beta C + A B, with B (cols x n, leading dimension
    //! ldb) column-major; beta is 0 or 1. Not for concurrent calls on one object (bf16 scratch).
    void multiply(float const * b, int ldb, int n, float * c, int ldc, bool accumulate) const;
    //! Whether products use bfloat16.
    [[nodiscard]] bool bf16() const noexcept { return bf16_; }

    [[nodiscard]] int rows() const noexcept { return rows_; }
    [[nodiscard]] int cols() const noexcept { return cols_; }

private:
    int rows_ = 0, cols_ = 0, panel_ = 0;
    gemm_kernel kernel_ = gemm_kernel::generic;
    std::vector<float> data_;  //!< panels of `panel_` rows: for each k, `panel_` consecutive floats
    std::vector<float> plain_; //!< column-major copy for the generic kernel
    bool bf16_ = false;
    std::vector<std::uint32_t> bf16_a_;         //!< bf16 panels of 32 rows: for each k pair, 32 x (a_k, a_k+1)
    mutable std::vector<std::uint32_t> bf16_b_; //!< B converted to bf16 pairs (scratch)
};

//! C (+)= A B^T for column-major A (m x n) and B (k x n): the weight-gradient products (dW = dA X^T)
//! of the backward pass, whose sum runs over every column of a batch. The sum is cut into blocks
//! of columns; each block of A is packed and multiplied by the transposed block of B with the
//! run-time dispatched kernels of packed_matrix, in column order, so every element is
//! c + a_i0 b_k0 + a_i1 b_k1 + ... with one fused multiply-add per term on AVX2 and AVX-512 alike.
//! Holds its packing scratch: one object per thread.
class gradient_product
{
public:
    //! C (m x k, leading dimension ldc) = beta C + A B^T, A (m x n, lda), B (k x n, ldb); beta is 0 or 1.
    void multiply_nt(float const * a, int lda, float const * b, int ldb, int m, int n, int k, float * c, int ldc,
                     bool accumulate);

private:
    packed_matrix a_block_;
    std::vector<float> b_block_; //!< block of B transposed (block x k, column-major)
};

namespace detail
{
// Kernels in their own translation units, compiled for their instruction set only.
void packed_gemm_avx512(float const * ap, int rows, int cols, float const * b, int ldb, int n, float * c, int ldc,
                        bool accumulate);
void packed_gemm_avx2(float const * ap, int rows, int cols, float const * b, int ldb, int n, float * c, int ldc,
                      bool accumulate);
//! bf16 product: `ap` packed pairs (32-row panels), `bp` column j = pairs of B's column j (kp per column).
void packed_gemm_bf16(std::uint32_t const * ap, int rows, int kp, std::uint32_t const * bp, int n, float * c, int ldc,
                      bool accumulate);
} // namespace detail

} // namespace ssrnn::nn
