// AVX2 + FMA kernel of packed_matrix (compiled with -mavx2 -mfma; called only when the CPU has
// both). No standard-library code here, for the reason given in packed_gemm_avx512.cpp.
#include <ssrnn/nn/packed_gemm.hpp>

#include <immintrin.h>

namespace ssrnn::nn::detail
{
namespace
{
constexpr int mr = 16;

inline __m256i lane_mask(int valid) noexcept
{
    __m256i const idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(valid), idx);
}

//! One 16 x NR tile: C[0:valid, 0:NR] (+)= Apanel B[:, 0:NR].
template <int NR>
inline void tile(float const * ap, int k_end, float const * b, int ldb, float * c, int ldc, int valid, bool accumulate)
{
    __m256 lo[NR], hi[NR];
    __m256i const m0 = lane_mask(valid), m1 = lane_mask(valid - 8);
#pragma GCC unroll 6
    for (int j = 0; j < NR; ++j)
    {
        lo[j] = accumulate ? _mm256_maskload_ps(c + j * ldc, m0) : _mm256_setzero_ps();
        hi[j] = accumulate ? _mm256_maskload_ps(c + j * ldc + 8, m1) : _mm256_setzero_ps();
    }
    for (int k = 0; k < k_end; ++k)
    {
        __m256 const a0 = _mm256_loadu_ps(ap + mr * k);
        __m256 const a1 = _mm256_loadu_ps(ap + mr * k + 8);
#pragma GCC unroll 6
        for (int j = 0; j < NR; ++j)
        {
            __m256 const bj = _mm256_broadcast_ss(b + k + j * ldb);
            lo[j] = _mm256_fmadd_ps(a0, bj, lo[j]);
            hi[j] = _mm256_fmadd_ps(a1, bj, hi[j]);
        }
    }
#pragma GCC unroll 6
    for (int j = 0; j < NR; ++j)
    {
        _mm256_maskstore_ps(c + j * ldc, m0, lo[j]);
        _mm256_maskstore_ps(c + j * ldc + 8, m1, hi[j]);
    }
}

using tile_fn = void (*)(float const *, int, float const *, int, float *, int, int, bool);
constexpr tile_fn tiles[] = {nullptr, tile<1>, tile<2>, tile<3>, tile<4>, tile<5>, tile<6>};
} // namespace

void packed_gemm_avx2(float const * ap, int rows, int cols, float const * b, int ldb, int n, float * c, int ldc,
                      bool accumulate)
{
    constexpr int nr = 6, block = 32 * nr; // column blocks keep B in L2 while A streams
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
