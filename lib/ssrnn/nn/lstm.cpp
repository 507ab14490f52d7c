#include <ssrnn/nn/kernels.hpp>
#include <ssrnn/nn/lstm.hpp>
#include <ssrnn/nn/lstm_cell.hpp>

#include <algorithm>
#include <complex>
#include <type_traits>

namespace ssrnn::nn
{
using detail::sigmoid_inplace;

namespace
{
template <typename T>
constexpr bool use_packed = std::is_same_v<T, float>;

std::size_t at(int i)
{
    return static_cast<std::size_t>(i);
}

//! tanh of n contiguous values with the forward step kernel's function; false if Eigen must do it.
template <typename T>
bool cell_tanh_kernel([[maybe_unused]] T const * x, [[maybe_unused]] int n, [[maybe_unused]] T * y) noexcept
{
#if defined(SSRNN_X86_KERNELS)
    if constexpr (std::is_same_v<T, float>)
        switch (detail::lstm_cell_kernels())
        {
        case 16:
            detail::tanh_avx512(x, n, y);
            return true;
        case 8:
            detail::tanh_avx2(x, n, y);
            return true;
        default:
            break;
        }
#endif
    return false;
}

//! The elementwise part of forward step t (lstm_cell.hpp); false if Eigen must do it.
template <typename T>
bool cell_step_kernel([[maybe_unused]] T * a, [[maybe_unused]] int H, [[maybe_unused]] int n, [[maybe_unused]] T * c,
                      [[maybe_unused]] T const * cprev, [[maybe_unused]] T * h) noexcept
{
#if defined(SSRNN_X86_KERNELS)
    if constexpr (std::is_same_v<T, float>)
        switch (detail::lstm_cell_kernels())
        {
        case 16:
            detail::lstm_cell_forward_avx512(a, H, n, c, cprev, h);
            return true;
        case 8:
            detail::lstm_cell_forward_avx2(a, H, n, c, cprev, h);
            return true;
        default:
            break;
        }
#endif
    return false;
}

//! Forward over steps [t0, t1). `gates` and `c` receive the columns offsets[t0] .. offsets[t1]
//! at local index (column - offsets[t0]); `h` is the whole H x N output. The state before t0 is
//! h at step t0 - 1 (read from `h`) and `c_init` (H x n_{t0}, leading dimension H; null when
//! t0 == 0). With `write_h` false, `h` already holds this range (recomputation) and is only read.
template <typename T>
void forward_steps(recurrent_params<T> const & p, packed_layout const & lay, matrix<T> const & x, int t0, int t1,
                   matrix<T> & gates, matrix<T> & c, matrix<T> & h, T const * c_init, packed_matrix const & whp,
                   bool write_h, packed_matrix const * wxp = nullptr, std::vector<int> const * gather = nullptr,
                   matrix<T> * x_chunk = nullptr)
{
    auto const H = p.wh.cols();
    int const base = lay.offsets[at(t0)];
    int const cols = lay.offsets[at(t1)] - base;
    gates.resize(4 * H, cols);
    c.resize(H, cols);
    matrix<T> const * xs = &x; // the input columns of this range start at column `first` of *xs
    int first = base;
    if (gather && x_chunk)
    {
        x_chunk->resize(x.rows(), cols);
        for (int j = 0; j < cols; ++j)
            x_chunk->col(j) = x.col((*gather)[at(base + j)]);
        xs = x_chunk;
        first = 0;
    }
    if constexpr (use_packed<T>)
    {
        if (wxp)
            wxp->multiply(xs->data() + static_cast<std::ptrdiff_t>(first) * xs->rows(), static_cast<int>(xs->rows()),
                          cols, gates.data(), static_cast<int>(4 * H), false);
        else
            gates.noalias() = p.wx * xs->middleCols(first, cols);
    }
    else
        gates.noalias() = p.wx * xs->middleCols(first, cols);
    gates.colwise() += p.b.col(0);
    for (int t = t0; t < t1; ++t)
    {
        int const n = lay.batch_sizes[at(t)];
        int const g0 = lay.offsets[at(t)] - base;
        auto a = gates.middleCols(g0, n);
        if (t > 0)
        {
            auto const prev = lay.offsets[at(t - 1)];
            if constexpr (use_packed<T>)
                whp.multiply(h.data() + prev * H, static_cast<int>(H), n, a.data(), static_cast<int>(4 * H), true);
            else
                a.noalias() += p.wh * h.middleCols(prev, n);
        }
        auto cc = c.middleCols(g0, n);
        T const * cprev = t > t0  ? c.data() + static_cast<std::ptrdiff_t>(lay.offsets[at(t - 1)] - base) * H
                          : t > 0 ? c_init
                                  : nullptr;
        if (cell_step_kernel(a.data(), static_cast<int>(H), n, cc.data(), cprev,
                             write_h ? h.data() + static_cast<std::ptrdiff_t>(lay.offsets[at(t)]) * H : nullptr))
            continue;
        sigmoid_inplace(a.topRows(2 * H));
        a.middleRows(2 * H, H).array() = a.middleRows(2 * H, H).array().tanh();
        sigmoid_inplace(a.bottomRows(H));
        cc.array() = a.topRows(H).array() * a.middleRows(2 * H, H).array();
        if (cprev)
            cc.array() += a.middleRows(H, H).array() * Eigen::Map<matrix<T> const>(cprev, H, n).array();
        if (write_h)
            h.middleCols(lay.offsets[at(t)], n).array() = a.bottomRows(H).array() * cc.array().tanh();
    }
}

//! Backward through step t: gate pre-activation gradients into `da` (columns of step t in the
//! gate buffers), carries updated for step t - 1. `cprev` is c_{t-1} (H x n, leading dimension
//! H; null at t = 0); `cut` stops the recurrent gradient at t (truncation boundary).
template <typename T>
void backward_step(recurrent_params<T> const & p, recurrent_state<T> & st, matrix<T> const & gates, matrix<T> const & c,
                   int local, int global, int n, int n_ended, matrix<T> const & dh, T const * cprev, bool cut)
{
    auto const H = p.wh.cols();
    st.carry_h.middleCols(n_ended, n - n_ended).setZero();
    st.carry_c.middleCols(n_ended, n - n_ended).setZero();
    auto a = gates.middleCols(local, n);
    auto da = st.dgates.middleCols(local, n);
    auto i = a.topRows(H).array();
    auto f = a.middleRows(H, H).array();
    auto gg = a.middleRows(2 * H, H).array();
    auto o = a.bottomRows(H).array();
    auto dht = st.dh_t.leftCols(n).array();
    dht = dh.middleCols(global, n).array() + st.carry_h.leftCols(n).array();
    auto tc = st.tanh_c.leftCols(n).array();
    // The forward step's tanh, so that the derivative is that of what ran.
    if (!cell_tanh_kernel(c.middleCols(local, n).data(), static_cast<int>(H) * n, st.tanh_c.data()))
        tc = c.middleCols(local, n).array().tanh();
    auto dc = st.carry_c.leftCols(n).array();
    dc += dht * o * (T(1) - tc * tc);
    if (st.trace)
        st.trace->middleCols(global, n) = dc.matrix();
    da.bottomRows(H).array() = dht * tc * o * (T(1) - o);
    da.topRows(H).array() = dc * gg * i * (T(1) - i);
    da.middleRows(2 * H, H).array() = dc * i * (T(1) - gg * gg);
    if (!cprev)
    {
        da.middleRows(H, H).setZero();
        if (st.trace_initial) // c_0 = f_0 c_{-1} + i_0 g_0: dL/dc_{-1} = f_0 dL/dc_0
            *st.trace_initial = (dc * f).matrix();
        return;
    }
    da.middleRows(H, H).array() = dc * Eigen::Map<matrix<T> const>(cprev, H, n).array() * f * (T(1) - f);
    if (cut)
    {
        // Truncation boundary: h_{t-1} and c_{t-1} are treated as constants, so no gradient
        // flows into the previous chunk (the local terms of step t are kept).
        st.carry_c.leftCols(n).setZero();
        st.carry_h.leftCols(n).setZero();
        return;
    }
    dc *= f; // carry to step t-1 (the forget gate's additive path)
    if constexpr (use_packed<T>)
        st.wh_t_packed.multiply(da.data(), static_cast<int>(4 * H), n, st.carry_h.data(), static_cast<int>(H), false);
    else
        st.carry_h.leftCols(n).noalias() = p.wh.transpose() * da;
}

template <typename T>
void begin_backward(recurrent_params<T> const & p, packed_layout const & lay, recurrent_state<T> & st)
{
    auto const H = p.wh.cols();
    int const n0 = lay.batch_sizes[0];
    if (st.trace)
        st.trace->setZero(H, lay.total());
    st.carry_h.setZero(H, n0);
    st.carry_c.setZero(H, n0);
    st.dh_t.resize(H, n0);
    st.tanh_c.resize(H, n0);
    if constexpr (use_packed<T>)
        st.wh_t_packed.pack(p.wh.data(), static_cast<int>(4 * H), static_cast<int>(H), static_cast<int>(4 * H), true);
    detail::pack_input_transpose(p, st); // once, not per chunk
}

template <typename T>
bool chunked(recurrent_state<T> const & st, packed_layout const & lay)
{
    return st.chunk > 0 && st.chunk < lay.steps();
}

//! Truncated BPTT with recomputation: the forward pass kept h for every step but c only at
//! chunk ends; each chunk's gates and cell states are recomputed, backpropagated and dropped.
template <typename T>
void backward_chunked(recurrent_params<T> const & p, packed_layout const & lay, matrix<T> const & x,
                      matrix<T> const & dh, recurrent_state<T> & st, recurrent_grads<T> & g, matrix<T> * dx)
{
    auto const H = p.wh.cols();
    int const steps = lay.steps(), K = st.chunk;
    begin_backward(p, lay, st); // W_h and W_x stay packed from lstm_forward of this batch
    if (dx)
        dx->resize(p.wx.cols(), lay.total());
    for (int j = (steps - 1) / K; j >= 0; --j)
    {
        int const t0 = j * K, t1 = std::min(steps, t0 + K);
        int const base = lay.offsets[at(t0)], cols = lay.offsets[at(t1)] - base;
        T const * c_init = j > 0 ? st.c_bound.data() + H * st.bound_offsets[at(j - 1)] : nullptr;
        forward_steps(p, lay, x, t0, t1, st.gates, st.c, st.h, c_init, st.wh_packed, false,
                      use_packed<T> ? &st.wx_packed : nullptr);
        st.dgates.resize(4 * H, cols);
        for (int t = t1 - 1; t >= t0; --t)
        {
            int const n = lay.batch_sizes[at(t)];
            int const n_ended = t + 1 < steps ? lay.batch_sizes[at(t + 1)] : 0;
            int const local = lay.offsets[at(t)] - base;
            T const * cprev = t == 0 ? nullptr : t > t0 ? st.c.data() + H * (lay.offsets[at(t - 1)] - base) : c_init;
            backward_step(p, st, st.gates, st.c, local, lay.offsets[at(t)], n, t == t1 - 1 ? 0 : n_ended, dh, cprev,
                          t == t0);
        }
        detail::weight_grads(st.dgates, 0, x, base, cols, st, g.wx);
        g.b.col(0) += st.dgates.rowwise().sum();
        int const r0 = std::max(t0, 1);
        if (r0 < t1)
        {
            int const rb = lay.offsets[at(r0)], rcols = lay.offsets[at(t1)] - rb;
            st.hprev.resize(H, rcols);
            for (int t = r0; t < t1; ++t)
                st.hprev.middleCols(lay.offsets[at(t)] - rb, lay.batch_sizes[at(t)]) =
                    st.h.middleCols(lay.offsets[at(t - 1)], lay.batch_sizes[at(t)]);
            detail::weight_grads(st.dgates, rb - base, st.hprev, 0, rcols, st, g.wh);
        }
        if (dx)
            detail::input_backward(p, st.dgates, 0, cols, st, *dx, base);
    }
}
} // namespace

template <typename T>
void lstm_forward(recurrent_params<T> const & p, packed_layout const & lay, matrix<T> const & x,
                  recurrent_state<T> & st)
{
    auto const H = p.wh.cols();
    st.h.resize(H, lay.total());
    packed_matrix const * wxp = nullptr;
    if constexpr (use_packed<T>)
    {
        st.wh_packed.pack(p.wh.data(), static_cast<int>(4 * H), static_cast<int>(H), static_cast<int>(4 * H), false,
                          st.bf16);
        // The input projection runs through the same run-time dispatched kernels, so a portable
        // build gets AVX-512/AVX2 speed for it too.
        st.wx_packed.pack(p.wx.data(), static_cast<int>(4 * H), static_cast<int>(p.wx.cols()), static_cast<int>(4 * H),
                          false, st.bf16);
        wxp = &st.wx_packed;
    }
    if (lay.total() == 0)
        return;
    if (!chunked(st, lay))
    {
        forward_steps(p, lay, x, 0, lay.steps(), st.gates, st.c, st.h, static_cast<T const *>(nullptr), st.wh_packed,
                      true, wxp, st.gather, &st.x_chunk);
        return;
    }
    // Chunk by chunk, keeping c only where a chunk hands over to the next (H x n_{t1} columns).
    int const steps = lay.steps(), K = st.chunk;
    st.bound_offsets.clear();
    int bound_cols = 0;
    for (int t1 = K; t1 < steps; t1 += K)
    {
        st.bound_offsets.push_back(bound_cols);
        bound_cols += lay.batch_sizes[at(t1)];
    }
    st.c_bound.resize(H, std::max(bound_cols, 1));
    for (int j = 0, t0 = 0; t0 < steps; ++j, t0 += K)
    {
        int const t1 = std::min(steps, t0 + K);
        T const * c_init = j > 0 ? st.c_bound.data() + H * st.bound_offsets[at(j - 1)] : nullptr;
        forward_steps(p, lay, x, t0, t1, st.gates, st.c, st.h, c_init, st.wh_packed, true, wxp, st.gather, &st.x_chunk);
        if (t1 < steps)
            st.c_bound.middleCols(st.bound_offsets[at(j)], lay.batch_sizes[at(t1)]) =
                st.c.middleCols(lay.offsets[at(t1 - 1)] - lay.offsets[at(t0)], lay.batch_sizes[at(t1)]);
    }
}

template <typename T>
void lstm_backward(recurrent_params<T> const & p, packed_layout const & lay, matrix<T> const & x, matrix<T> const & dh,
                   recurrent_state<T> & st, recurrent_grads<T> & g, matrix<T> * dx, int bptt_k)
{
    auto const H = p.wh.cols();
    auto const N = lay.total();
    int const steps = lay.steps();
    if (N == 0)
        return;
    if (chunked(st, lay))
    {
        backward_chunked(p, lay, x, dh, st, g, dx);
        return;
    }
    st.dgates.resize(4 * H, N);
    begin_backward(p, lay, st);
    for (int t = steps - 1; t >= 0; --t)
    {
        int const n = lay.batch_sizes[at(t)];
        int const n_ended = t + 1 < steps ? lay.batch_sizes[at(t + 1)] : 0;
        int const c0 = lay.offsets[at(t)];
        T const * cprev = t > 0 ? st.c.data() + H * lay.offsets[at(t - 1)] : nullptr;
        backward_step(p, st, st.gates, st.c, c0, c0, n, n_ended, dh, cprev, bptt_k > 0 && t % bptt_k == 0);
    }
    detail::input_grads(x, st.dgates, st, g);
    detail::recurrent_weight_grads(lay, st.dgates, st, g);
    if (dx)
    {
        dx->resize(p.wx.cols(), N);
        detail::input_backward(p, st.dgates, 0, static_cast<int>(N), st, *dx, 0);
    }
}

template void lstm_forward<float>(recurrent_params<float> const &, packed_layout const &, matrix<float> const &,
                                  recurrent_state<float> &);
template void lstm_forward<double>(recurrent_params<double> const &, packed_layout const &, matrix<double> const &,
                                   recurrent_state<double> &);
template void lstm_backward<float>(recurrent_params<float> const &, packed_layout const &, matrix<float> const &,
                                   matrix<float> const &, recurrent_state<float> &, recurrent_grads<float> &,
                                   matrix<float> *, int);
template void lstm_backward<double>(recurrent_params<double> const &, packed_layout const &, matrix<double> const &,
                                    matrix<double> const &, recurrent_state<double> &, recurrent_grads<double> &,
                                    matrix<double> *, int);
// Complex scalars: complex-step (forward-mode) differentiation in analyze-gradients modes.
template void lstm_forward<std::complex<double>>(recurrent_params<std::complex<double>> const &, packed_layout const &,
                                                 matrix<std::complex<double>> const &,
                                                 recurrent_state<std::complex<double>> &);

} // namespace ssrnn::nn
