// The AVX-512 twin of lstm_cell_avx2.cpp (compiled with -mavx512f -mfma; called only when the CPU
// has AVX-512F): the same operations on every element in the same order, 16 lanes instead of 8,
// so both give the same bits (tested). No standard-library or Eigen code, as there.
#include <ssrnn/nn/lstm_cell.hpp>

#include <immintrin.h>

namespace ssrnn::nn::detail
{
namespace
{
// The all-lanes masked forms of min, roundscale, cvtps and slli: GCC 12's plain forms pass an
// undefined vector through and warn (-Wmaybe-uninitialized) when inlined.
constexpr __mmask16 all = 0xFFFF;

inline __mmask16 lane_mask(int valid) noexcept
{
    return valid >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1U << valid) - 1U);
}

inline __m512 exp_nonpositive(__m512 y) noexcept
{
    __m512 const n = _mm512_maskz_roundscale_ps(all, _mm512_mul_ps(y, _mm512_set1_ps(1.44269504088896341F)),
                                                _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375F), y);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4F), r);
    __m512 p = _mm512_set1_ps(1.0F / 5040.0F);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0F / 720.0F));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0F / 120.0F));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0F / 24.0F));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0F / 6.0F));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5F));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0F));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0F));
    __m512i const e =
        _mm512_maskz_slli_epi32(all, _mm512_add_epi32(_mm512_maskz_cvtps_epi32(all, n), _mm512_set1_epi32(127)), 23);
    return _mm512_mul_ps(p, _mm512_castsi512_ps(e));
}

inline __m512 tanh16(__m512 x) noexcept
{
    __m512i const sign = _mm512_and_epi32(_mm512_castps_si512(x), _mm512_set1_epi32(static_cast<int>(0x80000000U)));
    __m512 const ax = _mm512_abs_ps(x);
    __m512 const x2 = _mm512_mul_ps(x, x);
    __m512 s = _mm512_set1_ps(62.0F / 2835.0F);
    s = _mm512_fmadd_ps(s, x2, _mm512_set1_ps(-17.0F / 315.0F));
    s = _mm512_fmadd_ps(s, x2, _mm512_set1_ps(2.0F / 15.0F));
    s = _mm512_fmadd_ps(s, x2, _mm512_set1_ps(-1.0F / 3.0F));
    s = _mm512_mul_ps(s, x2);
    s = _mm512_fmadd_ps(s, x, x);
    __m512 const t =
        exp_nonpositive(_mm512_mul_ps(_mm512_maskz_min_ps(all, ax, _mm512_set1_ps(9.0F)), _mm512_set1_ps(-2.0F)));
    __m512 const one = _mm512_set1_ps(1.0F);
    __m512 const q = _mm512_div_ps(_mm512_sub_ps(one, t), _mm512_add_ps(one, t));
    __m512 const l = _mm512_castsi512_ps(_mm512_or_epi32(_mm512_castps_si512(q), sign));
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(ax, _mm512_set1_ps(0.3F), _CMP_LT_OQ), l, s);
}

inline __m512 sigmoid16(__m512 x) noexcept
{
    __m512 const ax = _mm512_abs_ps(x);
    __m512 const t =
        exp_nonpositive(_mm512_sub_ps(_mm512_setzero_ps(), _mm512_maskz_min_ps(all, ax, _mm512_set1_ps(20.0F))));
    __m512 const one = _mm512_set1_ps(1.0F);
    __m512 const num = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ), one, t);
    return _mm512_div_ps(num, _mm512_add_ps(one, t));
}
} // namespace

void lstm_cell_forward_avx512(float * a, int H, int n, float * c, float const * cprev, float * h) noexcept
{
    for (int j = 0; j < n; ++j)
    {
        float * aj = a + static_cast<long>(j) * 4 * H;
        float * cj = c + static_cast<long>(j) * H;
        float const * pj = cprev ? cprev + static_cast<long>(j) * H : nullptr;
        float * hj = h ? h + static_cast<long>(j) * H : nullptr;
        for (int r = 0; r < H; r += 16)
        {
            __mmask16 const m = lane_mask(H - r);
            __m512 const i = sigmoid16(_mm512_maskz_loadu_ps(m, aj + r));
            __m512 const f = sigmoid16(_mm512_maskz_loadu_ps(m, aj + H + r));
            __m512 const g = tanh16(_mm512_maskz_loadu_ps(m, aj + 2 * H + r));
            __m512 const o = sigmoid16(_mm512_maskz_loadu_ps(m, aj + 3 * H + r));
            _mm512_mask_storeu_ps(aj + r, m, i);
            _mm512_mask_storeu_ps(aj + H + r, m, f);
            _mm512_mask_storeu_ps(aj + 2 * H + r, m, g);
            _mm512_mask_storeu_ps(aj + 3 * H + r, m, o);
            __m512 cc = _mm512_mul_ps(i, g);
            if (pj)
                cc = _mm512_fmadd_ps(f, _mm512_maskz_loadu_ps(m, pj + r), cc);
            _mm512_mask_storeu_ps(cj + r, m, cc);
            if (hj)
                _mm512_mask_storeu_ps(hj + r, m, _mm512_mul_ps(o, tanh16(cc)));
        }
    }
}

void tanh_avx512(float const * x, int n, float * y) noexcept
{
    for (int k = 0; k < n; k += 16)
    {
        __mmask16 const m = lane_mask(n - k);
        _mm512_mask_storeu_ps(y + k, m, tanh16(_mm512_maskz_loadu_ps(m, x + k)));
    }
}

} // namespace ssrnn::nn::detail
