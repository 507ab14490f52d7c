// The elementwise part of an LSTM step (gate nonlinearities, cell and output), AVX2 + FMA
// (compiled with -mavx2 -mfma; called only when the CPU has both). No standard-library or Eigen
// code here, for the reason given in packed_gemm_avx512.cpp: an inline function instantiated
// here with AVX2 instructions could be the copy the linker keeps for every caller.
#include <ssrnn/nn/lstm_cell.hpp>

#include <immintrin.h>

namespace ssrnn::nn::detail
{
namespace
{
inline __m256i lane_mask(int valid) noexcept
{
    __m256i const idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(valid), idx);
}

//! e^y for y in [-20, 0]: y = n ln 2 + r with |r| <= ln(2)/2 (ln 2 in two parts, so r is
//! exact to float precision), e^r by its Taylor polynomial to r^7 (truncation below 1e-8 relative), 2^n from the
//! exponent bits.
inline __m256 exp_nonpositive(__m256 y) noexcept
{
    __m256 const n = _mm256_round_ps(_mm256_mul_ps(y, _mm256_set1_ps(1.44269504088896341F)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375F), y);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4F), r);
    __m256 p = _mm256_set1_ps(1.0F / 5040.0F);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0F / 720.0F));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0F / 120.0F));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0F / 24.0F));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0F / 6.0F));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5F));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0F));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0F));
    __m256i const e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}

//! tanh(x), absolute error below 2e-7: for |x| < 0.3 its odd Taylor polynomial to x^9, else
//! (1 - e^{-2|x|}) / (1 + e^{-2|x|}) with the sign of x (|x| clamped at 9, where tanh rounds to 1).
inline __m256 tanh8(__m256 x) noexcept
{
    __m256 const sign = _mm256_and_ps(x, _mm256_set1_ps(-0.0F));
    __m256 const ax = _mm256_andnot_ps(_mm256_set1_ps(-0.0F), x);
    __m256 const x2 = _mm256_mul_ps(x, x);
    __m256 s = _mm256_set1_ps(62.0F / 2835.0F);
    s = _mm256_fmadd_ps(s, x2, _mm256_set1_ps(-17.0F / 315.0F));
    s = _mm256_fmadd_ps(s, x2, _mm256_set1_ps(2.0F / 15.0F));
    s = _mm256_fmadd_ps(s, x2, _mm256_set1_ps(-1.0F / 3.0F));
    s = _mm256_mul_ps(s, x2);
    s = _mm256_fmadd_ps(s, x, x);
    __m256 const t = exp_nonpositive(_mm256_mul_ps(_mm256_min_ps(ax, _mm256_set1_ps(9.0F)), _mm256_set1_ps(-2.0F)));
    __m256 const one = _mm256_set1_ps(1.0F);
    __m256 const l = _mm256_or_ps(_mm256_div_ps(_mm256_sub_ps(one, t), _mm256_add_ps(one, t)), sign);
    return _mm256_blendv_ps(l, s, _mm256_cmp_ps(ax, _mm256_set1_ps(0.3F), _CMP_LT_OQ));
}

//! sigmoid(x) = 1 / (1 + e^{-|x|}) for x >= 0, e^{-|x|} / (1 + e^{-|x|}) below (no cancellation
//! on either side; |x| clamped at 20, where sigmoid is within 2.1e-9 of 0 or 1).
inline __m256 sigmoid8(__m256 x) noexcept
{
    __m256 const ax = _mm256_andnot_ps(_mm256_set1_ps(-0.0F), x);
    __m256 const t = exp_nonpositive(_mm256_sub_ps(_mm256_setzero_ps(), _mm256_min_ps(ax, _mm256_set1_ps(20.0F))));
    __m256 const one = _mm256_set1_ps(1.0F);
    __m256 const num = _mm256_blendv_ps(one, t, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
    return _mm256_div_ps(num, _mm256_add_ps(one, t));
}
} // namespace

void lstm_cell_forward_avx2(float * a, int H, int n, float * c, float const * cprev, float * h) noexcept
{
    for (int j = 0; j < n; ++j)
    {
        float * aj = a + static_cast<long>(j) * 4 * H;
        float * cj = c + static_cast<long>(j) * H;
        float const * pj = cprev ? cprev + static_cast<long>(j) * H : nullptr;
        float * hj = h ? h + static_cast<long>(j) * H : nullptr;
        for (int r = 0; r < H; r += 8)
        {
            __m256i const m = lane_mask(H - r);
            __m256 const i = sigmoid8(_mm256_maskload_ps(aj + r, m));
            __m256 const f = sigmoid8(_mm256_maskload_ps(aj + H + r, m));
            __m256 const g = tanh8(_mm256_maskload_ps(aj + 2 * H + r, m));
            __m256 const o = sigmoid8(_mm256_maskload_ps(aj + 3 * H + r, m));
            _mm256_maskstore_ps(aj + r, m, i);
            _mm256_maskstore_ps(aj + H + r, m, f);
            _mm256_maskstore_ps(aj + 2 * H + r, m, g);
            _mm256_maskstore_ps(aj + 3 * H + r, m, o);
            __m256 cc = _mm256_mul_ps(i, g);
            if (pj)
                cc = _mm256_fmadd_ps(f, _mm256_maskload_ps(pj + r, m), cc);
            _mm256_maskstore_ps(cj + r, m, cc);
            if (hj)
                _mm256_maskstore_ps(hj + r, m, _mm256_mul_ps(o, tanh8(cc)));
        }
    }
}

void tanh_avx2(float const * x, int n, float * y) noexcept
{
    for (int k = 0; k < n; k += 8)
    {
        __m256i const m = lane_mask(n - k);
        _mm256_maskstore_ps(y + k, m, tanh8(_mm256_maskload_ps(x + k, m)));
    }
}

} // namespace ssrnn::nn::detail
