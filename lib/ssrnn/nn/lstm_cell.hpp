#pragma once
//! \file Run-time dispatched elementwise kernels of the LSTM step (internal).
//!
//! The gate nonlinearities and the cell update are a sixth of a training step's time; compiled
//! for the baseline instruction set (SSE2) they ran at half the speed of a native build. On CPUs
//! with AVX2 and FMA (the packed products' avx2 and avx512 kernels) these kernels run instead of
//! Eigen's expressions: the same operations on every element, 8 or 16 at a time, so AVX2 and
//! AVX-512 machines still agree bit for bit.

namespace ssrnn::nn::detail
{

//! Which kernels run: 0 none (Eigen: no AVX2/FMA, or SSRNN_KERNEL=generic), 8 the AVX2 ones, 16
//! the AVX-512 ones (the packed products' choice; SSRNN_KERNEL=avx2 lowers it).
[[nodiscard]] int lstm_cell_kernels() noexcept;

//! One step of an LSTM, n columns: `a` (4H x n, leading dimension 4H) holds the gate
//! pre-activations [i f g o] and receives sigmoid(i), sigmoid(f), tanh(g), sigmoid(o);
//! `c` (H x n) receives i g + f cprev (i g if `cprev` is null); `h` (H x n, unless null) receives
//! o tanh(c). Leading dimension H for c, cprev and h. tanh and sigmoid have absolute errors below
//! 2e-7 (tanh from its Taylor polynomial near 0, else from e^{-2|x|}; sigmoid from e^{-|x|}).
void lstm_cell_forward_avx2(float * a, int H, int n, float * c, float const * cprev, float * h) noexcept;

//! y = tanh(x) for n contiguous floats (the same function as the forward step's).
void tanh_avx2(float const * x, int n, float * y) noexcept;

//! The same with AVX-512F: the same bits.
void lstm_cell_forward_avx512(float * a, int H, int n, float * c, float const * cprev, float * h) noexcept;
void tanh_avx512(float const * x, int n, float * y) noexcept;

} // namespace ssrnn::nn::detail
