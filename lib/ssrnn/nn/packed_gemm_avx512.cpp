// AVX-512F kernel of packed_matrix (compiled with -mavx512f -mfma; called only when the CPU has
// AVX-512F). No standard-library code here: inline functions compiled with these flags could
// otherwise be picked by the linker for callers on older CPUs.
#include <ssrnn/nn/packed_gemm.hpp>

#include <immintrin.h>

namespace ssrnn::nn::detail
{
namespace
{
constexpr int mr = 32;

inline __mmask16 lane_mask(int valid) noexcept
{
    return valid >= 16  ? static_cast<__mmask16>(0xFFFF)
           : valid <= 0 ? static_cast<__mmask16>(0)
                        : static_cast<__mmask16>((1U << valid) - 1U);
}

//! One 32 x NR tile: C[0:valid, 0:NR] (+)= Apanel B[:, 0:NR].
template <int NR>
inline void tile(float const * ap, int k_end, float const * b, int ldb, float * c, int ldc, int valid, bool accumulate)
{
    __m512 lo[NR], hi[NR];
    __mmask16 const m0 = lane_mask(valid), m1 = lane_mask(valid - 16);
#pragma GCC unroll 12
    for (int j = 0; j < NR; ++j)
    {
        lo[j] = accumulate ? _mm512_maskz_loadu_ps(m0, c + j * ldc) : _mm512_setzero_ps();
        hi[j] = accumulate ? _mm512_maskz_loadu_ps(m1, c + j * ldc + 16) : _mm512_setzero_ps();
    }
    for (int k = 0; k < k_end; ++k)
    {
        __m512 const a0 = _mm512_loadu_ps(ap + mr * k);
        __m512 const a1 = _mm512_loadu_ps(ap + mr * k + 16);
#pragma GCC unroll 12
        for (int j = 0; j < NR; ++j)
        {
            __m512 const bj = _mm512_set1_ps(b[k + j * ldb]);
            lo[j] = _mm512_fmadd_ps(a0, bj, lo[j]);
            hi[j] = _mm512_fmadd_ps(a1, bj, hi[j]);
        }
    }
#pragma GCC unroll 12
    for (int j = 0; j < NR; ++j)
    {
        _mm512_mask_storeu_ps(c + j * ldc, m0, lo[j]);
        _mm512_mask_storeu_ps(c + j * ldc + 16, m1, hi[j]);
    }
}

using tile_fn = void (*)(float const *, int, float const *, int, float *, int, int, bool);
constexpr tile_fn tiles[] = {nullptr, tile<1>, tile<2>, tile<3>,  tile<4>,  tile<5>, tile<6>,
                             tile<7>, tile<8>, tile<9>, tile<10>, tile<11>, tile<12>};
} // namespace

void packed_gemm_avx512(float const * ap, int rows, int cols, float const * b, int ldb, int n, float * c, int ldc,
                        bool accumulate)
{
    constexpr int nr = 12, block = 16 * nr; // column blocks keep B in L2 while A streams
    long const panel_size = static_cast<long>(mr) * cols;
    for (int jb = 0; jb < n; jb += block)
    {
        int const je = n - jb < block ? n : jb + block;
        for (int i0 = 0, p = 0; i0 < rows; i0 += mr, ++p)
        {
            int const valid = rows - i0 < mr ? rows - i0 : mr;
            float const * a = ap + p * panel_size;
            int j0 = jb;
            for (; j0 + nr <= je; j0 += nr)
                tile<nr>(a, cols, b + static_cast<long>(j0) * ldb, ldb, c + static_cast<long>(j0) * ldc + i0, ldc,
                         valid, accumulate);
            if (j0 < je)
                tiles[je - j0](a, cols, b + static_cast<long>(j0) * ldb, ldb, c + static_cast<long>(j0) * ldc + i0, ldc,
                               valid, accumulate);
        }
    }
}

} // namespace ssrnn::nn::detail
