// AVX-512 BF16 kernel of packed_matrix (compiled with -mavx512f -mavx512bf16; called only when the
// CPU has both). No standard-library code here, for the reason given in packed_gemm_avx512.cpp.
#include <ssrnn/nn/packed_gemm.hpp>

#include <immintrin.h>

namespace ssrnn::nn::detail
{
namespace
{
inline __mmask16 lane_mask(int valid) noexcept
{
    return valid >= 16  ? static_cast<__mmask16>(0xFFFF)
           : valid <= 0 ? static_cast<__mmask16>(0)
                        : static_cast<__mmask16>((1U << valid) - 1U);
}

//! One 32 x NR tile: C[0:valid, 0:NR] (+)= Apanel B[:, 0:NR], kp bf16 pairs per column.
template <int NR>
inline void tile(unsigned const * ap, int kp, unsigned const * b, float * c, int ldc, int valid, bool accumulate)
{
    __m512 lo[NR], hi[NR];
    __mmask16 const m0 = lane_mask(valid), m1 = lane_mask(valid - 16);
#pragma GCC unroll 12
    for (int j = 0; j < NR; ++j)
    {
        lo[j] = accumulate ? _mm512_maskz_loadu_ps(m0, c + j * ldc) : _mm512_setzero_ps();
        hi[j] = accumulate ? _mm512_maskz_loadu_ps(m1, c + j * ldc + 16) : _mm512_setzero_ps();
    }
    for (int k = 0; k < kp; ++k)
    {
        __m512bh const a0 = (__m512bh)_mm512_loadu_si512(ap + 32 * k);
        __m512bh const a1 = (__m512bh)_mm512_loadu_si512(ap + 32 * k + 16);
#pragma GCC unroll 12
        for (int j = 0; j < NR; ++j)
        {
            __m512bh const bj = (__m512bh)_mm512_set1_epi32(static_cast<int>(b[k + j * kp]));
            lo[j] = _mm512_dpbf16_ps(lo[j], a0, bj);
            hi[j] = _mm512_dpbf16_ps(hi[j], a1, bj);
        }
    }
#pragma GCC unroll 12
    for (int j = 0; j < NR; ++j)
    {
        _mm512_mask_storeu_ps(c + j * ldc, m0, lo[j]);
        _mm512_mask_storeu_ps(c + j * ldc + 16, m1, hi[j]);
    }
}

using tile_fn = void (*)(unsigned const *, int, unsigned const *, float *, int, int, bool);
constexpr tile_fn tiles[] = {nullptr, tile<1>, tile<2>, tile<3>,  tile<4>,  tile<5>, tile<6>,
                             tile<7>, tile<8>, tile<9>, tile<10>, tile<11>, tile<12>};
} // namespace

void packed_gemm_bf16(std::uint32_t const * ap, int rows, int kp, std::uint32_t const * bp, int n, float * c, int ldc,
                      bool accumulate)
{
    constexpr int nr = 12, block = 16 * nr; // column blocks keep B in L2 while A streams
    long const panel_size = 32L * kp;
    for (int jb = 0; jb < n; jb += block)
    {
        int const je = n - jb < block ? n : jb + block;
        for (int i0 = 0, p = 0; i0 < rows; i0 += 32, ++p)
        {
            int const valid = rows - i0 < 32 ? rows - i0 : 32;
            unsigned const * a = ap + p * panel_size;
            int j0 = jb;
            for (; j0 + nr <= je; j0 += nr)
                tile<nr>(a, kp, bp + static_cast<long>(j0) * kp, c + static_cast<long>(j0) * ldc + i0, ldc, valid,
                         accumulate);
            if (j0 < je)
                tiles[je - j0](a, kp, bp + static_cast<long>(j0) * kp, c + static_cast<long>(j0) * ldc + i0, ldc, valid,
                               accumulate);
        }
    }
}

} // namespace ssrnn::nn::detail
