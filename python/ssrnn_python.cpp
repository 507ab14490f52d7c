// The Python module `ssrnn` (pybind11): reading FASTA, prediction (NumPy probabilities),
// evaluation and training, with ssrnn's errors as Python exceptions. docs/python.md.
#include <ssrnn/base/json_text.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/ssrnn.hpp>
#include <ssrnn/train/trainer.hpp>
#include <ssrnn/version.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <optional>
#include <variant>

namespace py = pybind11;
using namespace ssrnn;

namespace
{
//! A loaded model (a class of its own so that Python sees `ssrnn.Model`).
struct python_model
{
    ssrnn::model model;
};

python_model load_model(std::optional<std::variant<std::string, std::vector<std::string>>> const & path)
{
    std::vector<std::string> given;
    if (path && std::holds_alternative<std::string>(*path))
        given.push_back(std::get<std::string>(*path));
    else if (path)
        given = std::get<std::vector<std::string>>(*path);
    return {given.empty() ? ssrnn::model::load_default() : ssrnn::model::load(given)};
}

//! `sequences`: a list of strings or of (id, sequence) pairs.
std::vector<record> records_of(py::sequence const & sequences)
{
    std::vector<record> out;
    out.reserve(py::len(sequences));
    for (std::size_t k = 0; k < py::len(sequences); ++k)
    {
        py::object const item = sequences[k];
        if (py::isinstance<py::str>(item))
            out.push_back({"", item.cast<std::string>()});
        else if (py::isinstance<py::tuple>(item) || py::isinstance<py::list>(item))
        {
            auto const pair = item.cast<std::pair<std::string, std::string>>();
            out.push_back({pair.first, pair.second});
        }
        else
            throw py::type_error("sequences[" + std::to_string(k) + "]: expected a string or an (id, sequence) pair");
    }
    return out;
}

py::array_t<float> matrix_of(std::vector<float> const & v, std::size_t cols)
{
    py::array_t<float> a({static_cast<py::ssize_t>(v.size() / cols), static_cast<py::ssize_t>(cols)});
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
}

py::object json_to_python(nlohmann::json const & j)
{
    return py::module_::import("json").attr("loads")(base::json_text(j));
}

//! Sets the train_config field named `key` (train-structure's option name with underscores)
//! from a Python value; throws config_error for an unknown key.
void set_option(train::train_config & c, std::string const & key, py::handle v)
{
    using C = train::train_config;
    static std::map<std::string, std::string C::*> const strings{
        {"train", &C::train}, {"train_mask", &C::train_mask}, {"valid", &C::valid}, {"valid_mask", &C::valid_mask},
        {"out", &C::out},     {"checkpoint", &C::checkpoint}, {"init", &C::init},   {"write_valid", &C::write_valid}};
    // Repeatable options: a list of paths, or one path.
    static std::map<std::string, std::vector<std::string> C::*> const lists{
        {"extra_train", &C::extra_train},
        {"train_profiles", &C::train_profiles},
        {"valid_profiles", &C::valid_profiles},
        {"extra_train_profiles", &C::extra_train_profiles}};
    static std::map<std::string, int C::*> const ints{{"epochs", &C::epochs},
                                                      {"batch", &C::batch},
                                                      {"bptt_k", &C::bptt_k},
                                                      {"threads", &C::threads},
                                                      {"shards", &C::shards}};
    static std::map<std::string, double C::*> const doubles{{"valid_fraction", &C::valid_fraction},
                                                            {"lr", &C::lr},
                                                            {"label_smoothing", &C::label_smoothing},
                                                            {"q3_weight", &C::q3_weight},
                                                            {"clip_norm", &C::clip_norm},
                                                            {"clip_value", &C::clip_value},
                                                            {"time_limit", &C::time_limit_minutes},
                                                            {"profile_dropout", &C::profile_dropout}};
    static std::map<std::string, std::uint64_t C::*> const seeds{{"seed", &C::seed}, {"split_seed", &C::split_seed}};
    static std::map<std::string, bool C::*> const flags{{"resume", &C::resume}, {"save_epochs", &C::save_epochs}};
    static std::map<std::string, float C::*> const floats{
        {"dropout", &C::dropout}, {"recurrent_dropout", &C::recurrent_dropout}, {"forget_bias", &C::forget_bias}};
    if (auto const it = strings.find(key); it != strings.end())
        c.*(it->second) = v.cast<std::string>();
    else if (auto const it = ints.find(key); it != ints.end())
        c.*(it->second) = v.cast<int>();
    else if (auto const it = doubles.find(key); it != doubles.end())
        c.*(it->second) = v.cast<double>();
    else if (auto const it = seeds.find(key); it != seeds.end())
        c.*(it->second) = v.cast<std::uint64_t>();
    else if (auto const it = flags.find(key); it != flags.end())
        c.*(it->second) = v.cast<bool>();
    else if (auto const it = floats.find(key); it != floats.end())
        c.*(it->second) = v.cast<float>();
    else if (auto const it = lists.find(key); it != lists.end())
        c.*(it->second) = py::isinstance<py::str>(v) ? std::vector<std::string>{v.cast<std::string>()}
                                                     : v.cast<std::vector<std::string>>();
    else if (key == "cell")
        c.arch.cell = nn::parse_cell(v.cast<std::string>());
    else if (key == "layers")
        c.arch.layers = v.cast<int>();
    else if (key == "hidden")
        c.arch.hidden = v.cast<int>();
    else if (key == "encoding")
        c.arch.encoding = encode::parse_encoding(v.cast<std::string>());
    else if (key == "schedule")
        c.schedule = train::parse_schedule(v.cast<std::string>());
    else if (key == "bptt")
        c.bptt = train::parse_bptt(v.cast<std::string>());
    else
        throw config_error("unknown training option '" + key + "'");
}

//! Forwards training events to a Python callable `callback(event, info)`, holding the GIL.
class python_reporter : public train::progress_reporter
{
public:
    explicit python_reporter(py::object callback) : callback_{std::move(callback)} {}
    void started(train::run_info const & i) override
    {
        call("started", {{"train_records", i.train_records},
                         {"train_residues", i.train_residues},
                         {"valid_records", i.valid_records},
                         {"parameters", i.parameters},
                         {"config", train::to_json(*i.config)}});
    }
    void epoch_done(train::epoch_report const & r) override
    {
        call("epoch", {{"epoch", r.epoch},
                       {"epochs", r.epochs},
                       {"train_loss", r.train_loss},
                       {"train_q8", r.train_q8},
                       {"valid_q8", r.valid_q8},
                       {"valid_q3", r.valid_q3},
                       {"residues_per_s", r.residues_per_s},
                       {"saved", r.saved}});
    }
    void message(std::string const & text) override { call("message", {{"text", text}}); }

private:
    void call(char const * event, nlohmann::json const & info)
    {
        if (callback_.is_none())
            return;
        py::gil_scoped_acquire gil;
        callback_(event, json_to_python(info));
    }
    py::object callback_;
};

void register_errors(py::module_ & m)
{
    static py::exception<ssrnn::error> base(m, "Error", PyExc_RuntimeError);
    static py::exception<input_error> input(m, "InputError", PyExc_ValueError);
    static py::exception<config_error> config(m, "ConfigError", PyExc_ValueError);
    static py::exception<model_format_error> model(m, "ModelFormatError", PyExc_ValueError);
    static py::exception<io_error> io(m, "IOError", PyExc_OSError);
    static py::exception<numeric_error> numeric(m, "DivergedError", base.ptr());
    py::register_exception_translator(
        [](std::exception_ptr p)
        {
            try
            {
                if (p)
                    std::rethrow_exception(p);
            }
            catch (input_error const & e)
            {
                PyErr_SetString(input.ptr(), e.what());
            }
            catch (config_error const & e)
            {
                PyErr_SetString(config.ptr(), e.what());
            }
            catch (model_format_error const & e)
            {
                PyErr_SetString(model.ptr(), e.what());
            }
            catch (io_error const & e)
            {
                PyErr_SetString(io.ptr(), e.what());
            }
            catch (numeric_error const & e)
            {
                PyErr_SetString(numeric.ptr(), e.what());
            }
            catch (ssrnn::error const & e)
            {
                PyErr_SetString(base.ptr(), e.what());
            }
        });
}

//! Profile input from Python arguments: `files` None, one path or a list of paths.
profile_input profile_input_of(py::object const & files, std::string const & search_db,
                               std::string const & no_homolog_model)
{
    profile_input input;
    if (py::isinstance<py::str>(files))
        input.files = {files.cast<std::string>()};
    else if (!files.is_none())
        input.files = files.cast<std::vector<std::string>>();
    input.search_db = search_db;
    input.no_homolog_model = no_homolog_model;
    return input;
}

py::list predict_records(python_model const & m, py::sequence const & sequences, int threads, py::object profiles,
                         std::string const & search_db, std::string const & no_homolog_model)
{
    auto const in = records_of(sequences);
    auto const input = profile_input_of(profiles, search_db, no_homolog_model);
    predict_options options;
    options.threads = threads;
    std::vector<prediction> out;
    {
        py::gil_scoped_release nogil;
        out = m.model.predict(in, options, input);
    }
    py::list result;
    auto const cls = py::module_::import("ssrnn").attr("Prediction");
    for (auto & p : out)
        result.append(cls(p.id, p.sequence, p.ss8, p.ss3, matrix_of(p.prob8, 8), matrix_of(p.prob3, 3)));
    return result;
}

py::object evaluate_data(std::string const & data, std::vector<std::string> const & masks, python_model const * m,
                         std::optional<std::string> const & predictions, int threads, profile_input const & input)
{
    std::string report;
    {
        py::gil_scoped_release nogil;
        if (predictions)
            report = evaluate_predictions(*predictions, data, masks).report_json;
        else
        {
            predict_options options;
            options.threads = threads;
            report = evaluate(m ? m->model : ssrnn::model::load_default(), data, masks, options, input).report_json;
        }
    }
    return py::module_::import("json").attr("loads")(report);
}

py::object train_model(py::dict const & config, py::object const & progress)
{
    train::train_config c;
    for (auto const & [key, value] : config)
        set_option(c, key.cast<std::string>(), value);
    python_reporter reporter{progress};
    train::train_result r;
    {
        py::gil_scoped_release nogil;
        r = train::train(c, reporter);
    }
    nlohmann::json j{{"epochs_done", r.epochs_done},
                     {"epochs_run", r.epochs_run},
                     {"best_epoch", r.best_epoch},
                     {"best_q8", r.best_q8},
                     {"best_q3", r.best_q3},
                     {"stopped_early", r.stopped_early},
                     {"last_train_loss", r.last_train_loss},
                     {"model", c.out}};
    return json_to_python(j);
}
} // namespace

PYBIND11_MODULE(ssrnn, m)
{
    m.doc() = "ssrnn: protein secondary structure (8 and 3 states) with recurrent neural networks";
    m.attr("__version__") = version_string;
    register_errors(m);
    m.attr("Prediction") =
        py::module_::import("collections").attr("namedtuple")("Prediction", "id sequence ss8 ss3 probs8 probs3");
    m.attr("LABELS8") = "HGIEBTSC";
    m.attr("LABELS3") = "HEC";

    m.def(
        "read_fasta",
        [](std::string const & path)
        {
            std::vector<std::pair<std::string, std::string>> out;
            py::gil_scoped_release nogil;
            for (auto & r : ssrnn::read_fasta(path))
                out.emplace_back(std::move(r.id), std::move(r.sequence));
            return out;
        },
        py::arg("path"),
        "Reads a FASTA file (plain, .gz, .bz2; '-' = stdin) into a list of (id, sequence), with the "
        "tools' validation and messages (InputError naming file, record, line and residue).");

    py::class_<python_model>(m, "Model", "A trained model (or ensemble); thread-safe, immutable.")
        .def(py::init(&load_model), py::arg("path") = py::none(),
             "Loads a model or ensemble file, or a list of files averaged as one ensemble; None = the bundled "
             "default model.")
        .def("predict", &predict_records, py::arg("sequences"), py::arg("threads") = 1,
             py::arg("profiles") = py::none(), py::arg("search_db") = "", py::arg("no_homolog_model") = "default",
             "Predicts a list of sequences (strings or (id, sequence) pairs). Returns Prediction tuples "
             "(id, sequence, ss8, ss3, probs8: float32 [length, 8] in H G I E B T S C order, probs3: float32 "
             "[length, 3] in H E C order), the numbers predict-structure prints. A profile model needs "
             "`profiles` (a profile file or folder, or a list of them; matched by record ID) or `search_db` "
             "(MMseqs2 searches it), as predict-structure's --profiles / --search-db; `no_homolog_model` as "
             "--no-homolog-model. The GIL is released.")
        .def_property_readonly("needs_profiles", [](python_model const & pm) { return pm.model.needs_profiles(); })
        .def_property_readonly("paths", [](python_model const & pm) { return pm.model.paths(); })
        .def_property_readonly("members", [](python_model const & pm) { return pm.model.members(); })
        .def("__repr__", [](python_model const & pm) { return "<ssrnn.Model " + pm.model.source() + ">"; });

    m.def(
        "evaluate",
        [](std::string const & data, std::vector<std::string> const & masks, std::optional<python_model> const & model,
           std::optional<std::string> const & predictions, int threads, py::object const & profiles,
           std::string const & no_homolog_model)
        {
            if (model && predictions)
                throw config_error("give model or predictions, not both");
            return evaluate_data(data, masks, model ? &*model : nullptr, predictions, threads,
                                 profile_input_of(profiles, "", no_homolog_model));
        },
        py::arg("data"), py::arg("masks") = std::vector<std::string>{}, py::arg("model") = py::none(),
        py::arg("predictions") = py::none(), py::arg("threads") = 1, py::arg("profiles") = py::none(),
        py::arg("no_homolog_model") = "default",
        "Scores a model (default: the bundled one) or a predictions file on a 3-line labelled file "
        "with masks: the report of evaluate-structure --format json as a dict (q8, q3, sov3, sov8, "
        "per_class, confusion, per_protein, calibration3, ...). A profile model takes `profiles` (files "
        "or folders) and `no_homolog_model`, as evaluate-structure --profiles / --no-homolog-model.");

    m.def("train", &train_model, py::arg("config"), py::arg("progress") = py::none(),
          "Trains as train-structure does. `config`: a dict of train-structure's options with underscores "
          "(train, out, epochs, hidden, lr, ...; time_limit in minutes). `progress(event, info)` is called "
          "with 'started', 'epoch' and 'message' events. Returns a dict (best_q8, best_epoch, ...).");

    m.def("keep_freed_memory", &ssrnn::keep_freed_memory,
          "Tunes glibc's allocator as the ssrnn tools do (faster training; the whole process keeps its heap).");
}
