#include <ssrnn/analysis/gradients.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/nn/model.hpp>
#include <ssrnn/nn/random.hpp>
#include <ssrnn/nn/workspace.hpp>

#include <Eigen/Eigenvalues>

#include <chrono>
#include <cmath>
#include <complex>

namespace ssrnn::analysis
{
namespace
{
using nn::matrix;
using nn::matrix_map;

matrix_map<double> tensor_view(nn::network<double> & net, std::size_t i)
{
    auto const & s = net.tensors()[i];
    return matrix_map<double>(net.params().data() + s.offset, s.rows, s.cols);
}

double logit(double p)
{
    if (p >= 1.0)
        return 1e300; // sigmoid saturates to exactly 1
    if (p <= 0.0)
        return -1e300;
    return std::log(p / (1.0 - p));
}
} // namespace

void validate(flow_config const & c)
{
    if (c.steps < 1 || c.steps > 100000)
        throw config_error("--steps must be between 1 and 100000");
    if (c.model.empty())
        nn::validate(nn::architecture{c.cell, 1, c.hidden, encode::encoding_kind::onehot, 8});
    if (c.spectral_radius < 0.0 || !std::isfinite(c.spectral_radius))
        throw config_error("--spectral-radius must be >= 0");
    if (!std::isfinite(c.input_scale))
        throw config_error("--input-scale must be finite");
    bool const clamp = c.forget_gate >= 0.0 || c.input_gate >= 0.0;
    if (clamp && (c.forget_gate > 1.0 || c.input_gate > 1.0))
        throw config_error("clamped gate values must lie in [0, 1]");
    if (clamp && c.model.empty() && c.cell != nn::cell_kind::lstm)
        throw config_error("--forget-gate/--input-gate apply to the LSTM only");
}

namespace
{
//! One direction of one layer with the weights, inputs and layout of a flow/truncation experiment.
struct experiment
{
    nn::network<double> net;
    matrix<double> x;
    nn::packed_layout lay;
};

experiment prepare(flow_config const & c)
{
    validate(c);
    nn::network<double> net =
        c.model.empty() ? nn::network<double>{nn::architecture{c.cell, 1, c.hidden, encode::encoding_kind::onehot, 8}}
                        : nn::load_model(c.model).net.cast<double>();
    if (c.model.empty())
        net.init(c.seed);
    auto const & a = net.arch();
    if ((c.forget_gate >= 0.0 || c.input_gate >= 0.0) && a.cell != nn::cell_kind::lstm)
        throw config_error("--forget-gate/--input-gate apply to the LSTM only, the model has " + nn::to_string(a.cell) +
                           " cells");
    int const H = a.hidden;
    int const G = a.gates();
    auto const k = net.layer_tensor(0, 0);
    auto wx = tensor_view(net, k);
    auto wh = tensor_view(net, k + 1);
    auto b = tensor_view(net, k + 2);
    wx *= c.input_scale;
    b *= c.input_scale;
    if (a.cell == nn::cell_kind::gru)
        tensor_view(net, k + 3) *= c.input_scale;
    if (c.spectral_radius > 0.0)
        for (int g = 0; g < G; ++g)
        {
            matrix<double> block = wh.middleRows(g * H, H);
            Eigen::EigenSolver<matrix<double>> es(block, false);
            double const radius = es.eigenvalues().cwiseAbs().maxCoeff();
            if (radius > 0.0)
                wh.middleRows(g * H, H) *= c.spectral_radius / radius;
        }
    if (c.forget_gate >= 0.0 || c.input_gate >= 0.0)
    {
        // Isolate the cell-state path: no recurrent input to any gate, constant i and/or f.
        wh.setZero();
        if (c.input_gate >= 0.0)
        {
            wx.topRows(H).setZero();
            b.topRows(H).setConstant(logit(c.input_gate));
        }
        if (c.forget_gate >= 0.0)
        {
            wx.middleRows(H, H).setZero();
            b.middleRows(H, H).setConstant(logit(c.forget_gate));
        }
    }
    // A random residue sequence.
    nn::splitmix rng{nn::hash_keys({c.seed, nn::stream::flow_input})};
    matrix<double> x(a.input_dim(), c.steps);
    for (int t = 0; t < c.steps; ++t)
        encode::encode_residue(a.encoding, static_cast<int>(rng.below(20)), x.col(t).data());
    std::vector<int> const len{c.steps};
    auto lay = nn::make_layout(len);
    return {std::move(net), std::move(x), std::move(lay)};
}

//! Gradient (flat, whole network) of L = sum over the steps in [from, to) of u . h_t.
std::vector<double> loss_gradient(experiment const & e, int from, int to, int bptt_k, matrix<double> * trace = nullptr,
                                  matrix<double> * trace_initial = nullptr)
{
    int const H = e.net.arch().hidden;
    nn::recurrent_state<double> st;
    st.trace = trace;
    st.trace_initial = trace_initial;
    nn::cell_forward(e.net, 0, 0, e.lay, e.x, st);
    matrix<double> dh = matrix<double>::Zero(H, e.lay.total());
    dh.middleCols(from, to - from).setConstant(1.0 / std::sqrt(static_cast<double>(H)));
    std::vector<double> grad(e.net.params().size(), 0.0);
    nn::cell_backward(e.net, 0, 0, e.lay, e.x, dh, st, std::span<double>(grad), static_cast<matrix<double> *>(nullptr),
                      bptt_k);
    return grad;
}

double norm(std::vector<double> const & v)
{
    double s = 0.0;
    for (double x : v)
        s += x * x;
    return std::sqrt(s);
}
} // namespace

std::vector<double> gradient_flow(flow_config const & c)
{
    auto const e = prepare(c);
    matrix<double> trace, initial;
    (void)loss_gradient(e, c.steps - 1, c.steps, 0, &trace, &initial);
    std::vector<double> out(static_cast<std::size_t>(c.steps) + 1);
    for (int d = 0; d < c.steps; ++d)
        out[static_cast<std::size_t>(d)] = trace.col(c.steps - 1 - d).norm();
    out.back() = initial.norm(); // d = T: the initial state
    return out;
}

std::vector<truncation_row> truncation_analysis(flow_config const & c, std::vector<int> const & ks)
{
    auto const e = prepare(c);
    auto const full = loss_gradient(e, 0, c.steps, 0);
    std::vector<truncation_row> rows;
    for (int k : ks)
    {
        if (k < 1)
            throw config_error("--k values must be >= 1");
        auto const trunc = loss_gradient(e, 0, c.steps, k);
        // Independently: for each chunk's own loss, its long-range terms are what full BPTT adds
        // to truncated BPTT; summed over chunks they must equal the total difference.
        std::vector<double> dropped(full.size(), 0.0), diff(full.size()), err(full.size());
        for (int from = 0; from < c.steps; from += k)
        {
            int const to = std::min(c.steps, from + k);
            auto const f = loss_gradient(e, from, to, 0);
            auto const t = loss_gradient(e, from, to, k);
            for (std::size_t i = 0; i < dropped.size(); ++i)
                dropped[i] += f[i] - t[i];
        }
        for (std::size_t i = 0; i < full.size(); ++i)
        {
            diff[i] = full[i] - trunc[i];
            err[i] = diff[i] - dropped[i];
        }
        double const fn = norm(full);
        double const dn = norm(diff);
        rows.push_back(
            {k, fn, norm(trunc), fn > 0 ? dn / fn : 0.0, norm(dropped), dn > 0 ? norm(err) / dn : norm(err)});
    }
    return rows;
}

std::vector<modes_row> mode_comparison(flow_config const & c, std::vector<int> const & hiddens)
{
    using cplx = std::complex<double>;
    std::vector<modes_row> rows;
    for (int hidden : hiddens)
    {
        flow_config ch = c;
        ch.hidden = hidden;
        auto const e = prepare(ch);
        int const H = e.net.arch().hidden;
        auto const & specs = e.net.tensors();
        auto const k = e.net.layer_tensor(0, 0);
        std::size_t const first = specs[k].offset;
        std::size_t const last = specs[k + static_cast<std::size_t>(e.net.arch().tensors_per_direction()) - 1].offset +
                                 specs[k + static_cast<std::size_t>(e.net.arch().tensors_per_direction()) - 1].size();
        modes_row r{H, last - first, last - first, 1, 0.0, 0.0, 0.0};
        auto t0 = std::chrono::steady_clock::now();
        auto const rev = loss_gradient(e, 0, ch.steps, 0);
        r.reverse_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        t0 = std::chrono::steady_clock::now();
        auto netc = e.net.cast<cplx>();
        matrix<cplx> const xc = e.x.cast<cplx>();
        nn::recurrent_state<cplx> st;
        double const step = 1e-20;
        double scale = 0.0, worst = 0.0;
        std::vector<double> fwd(r.params);
        for (std::size_t j = first; j < last; ++j)
        {
            auto & p = netc.params()[j];
            p += cplx(0.0, step);
            nn::cell_forward(netc, 0, 0, e.lay, xc, st);
            fwd[j - first] = st.h.sum().imag() / std::sqrt(static_cast<double>(H)) / step;
            p -= cplx(0.0, step);
        }
        r.forward_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        for (std::size_t j = first; j < last; ++j)
        {
            scale = std::max(scale, std::abs(rev[j]));
            worst = std::max(worst, std::abs(fwd[j - first] - rev[j]));
        }
        r.max_rel_diff = scale > 0 ? worst / scale : worst;
        rows.push_back(r);
    }
    return rows;
}

std::vector<check_row> gradient_check(nn::architecture const & a, std::vector<int> const & lengths, float dropout,
                                      std::uint64_t seed, nn::objective const & obj, bool soft_labels,
                                      float recurrent_dropout)
{
    nn::network<double> net{a};
    net.init(seed);
    nn::splitmix rng{nn::hash_keys({seed, nn::stream::check_data})};
    std::vector<std::vector<std::uint8_t>> res;
    std::vector<std::vector<std::int8_t>> lab;
    std::vector<std::vector<std::uint8_t>> soft;
    for (int len : lengths)
    {
        auto & q = soft.emplace_back(soft_labels ? static_cast<std::size_t>(len) * 8 : 0);
        for (std::size_t i = 0; i < q.size(); ++i)
            q[i] = (i / 8) % 5 == 2 ? 0 : static_cast<std::uint8_t>(rng.below(256));
        std::vector<std::uint8_t> r(static_cast<std::size_t>(len));
        std::vector<std::int8_t> l(static_cast<std::size_t>(len));
        for (std::size_t i = 0; i < r.size(); ++i)
        {
            r[i] = static_cast<std::uint8_t>(rng.below(21));
            l[i] = i % 5 == 3 ? std::int8_t{-1} : static_cast<std::int8_t>(rng.below(8));
        }
        res.push_back(std::move(r));
        lab.push_back(std::move(l));
    }
    std::vector<nn::sequence_input> in;
    for (std::size_t k = 0; k < res.size(); ++k)
        in.push_back({res[k], lab[k], k, {}, soft[k]});
    nn::dropout_config const d{dropout, seed, 1};
    nn::workspace<double> ws;
    std::vector<double> grad(net.params().size(), 0.0), scratch(grad.size());
    // Recurrent dropout: the loss runs the dropped weights net * mask (an all-ones mask without it).
    std::vector<double> mask;
    nn::recurrent_weight_mask(mask, std::span<nn::tensor_spec const>(net.tensors()), recurrent_dropout, seed, 3);
    nn::network<double> dropped{a};
    auto const run = [&](double scale, std::span<double> g)
    {
        for (std::size_t i = 0; i < mask.size(); ++i)
            dropped.params()[i] = net.params()[i] * mask[i];
        return ws.forward_backward(dropped, in, d, scale, g, 0, obj).loss;
    };
    run(1.0, grad);
    for (std::size_t i = 0; i < mask.size(); ++i)
        grad[i] *= mask[i];
    auto loss = [&]
    {
        return run(0.0, scratch);
    };
    double const h = 1e-5;
    std::vector<check_row> rows;
    for (auto const & t : net.tensors())
    {
        check_row row{t.name, t.size(), 0.0};
        for (std::size_t i = 0; i < t.size(); ++i)
        {
            auto & p = net.params()[t.offset + i];
            double const keep = p;
            p = keep + h;
            double const up = loss();
            p = keep - h;
            double const down = loss();
            p = keep;
            double const numeric = (up - down) / (2 * h);
            double const analytic = grad[t.offset + i];
            row.max_rel_error = std::max(row.max_rel_error, std::abs(numeric - analytic) /
                                                                std::max(1e-3, std::abs(numeric) + std::abs(analytic)));
        }
        rows.push_back(row);
    }
    return rows;
}

} // namespace ssrnn::analysis
