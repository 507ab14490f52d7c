// The Python module `ssrnn` (pybind11): reading FASTA, prediction (NumPy probabilities),
// evaluation and training, with ssrnn's errors as Python exceptions. docs/python.md.
#include <ssrnn/error.hpp>
#include <ssrnn/ssrnn.hpp>
#include <ssrnn/version.hpp>

#include <pybind11/eval.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <functional>
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

//! A Python value as the value of option `o` (its type decides; a path may be any os.PathLike).
option_value option_value_of(option_info const & o, py::handle v)
{
    auto const text = [&o](py::handle x)
    {
        if (py::isinstance<py::str>(x))
            return x.cast<std::string>();
        if (py::hasattr(x, "__fspath__"))
            return py::module_::import("os").attr("fspath")(x).cast<std::string>();
        throw config_error(o.python_name() + " takes a string, not " + py::str(py::type::of(x)).cast<std::string>());
    };
    switch (o.type)
    {
    case option_type::flag:
        if (!py::isinstance<py::bool_>(v))
            throw config_error(o.python_name() + " takes True or False");
        return v.cast<bool>();
    case option_type::integer:
        if (py::isinstance<py::bool_>(v) || !py::isinstance<py::int_>(v))
            throw config_error(o.python_name() + " takes an integer");
        return v.cast<std::int64_t>();
    case option_type::real:
        if (py::isinstance<py::bool_>(v) || !(py::isinstance<py::int_>(v) || py::isinstance<py::float_>(v)))
            throw config_error(o.python_name() + " takes a number");
        return v.cast<double>();
    case option_type::list:
    {
        if (py::isinstance<py::str>(v) || py::hasattr(v, "__fspath__"))
            return std::vector<std::string>{text(v)};
        std::vector<std::string> out;
        for (auto const item : py::iter(v))
            out.push_back(text(item));
        return out;
    }
    default:
        return text(v);
    }
}

//! Sets `s` from Python keyword arguments (option names with underscores); None leaves an
//! option at its default. `reserved`: names the function takes as its own arguments.
void set_options(settings & s, py::dict const & options, std::vector<std::string> const & reserved = {})
{
    for (auto const & [key, value] : options)
    {
        auto const name = key.cast<std::string>();
        auto const * o = s.find(name);
        bool const own = std::find(reserved.begin(), reserved.end(), name) != reserved.end();
        if (o == nullptr || own || name.find('-') != std::string::npos || o->cli_only)
            throw config_error("unknown option '" + name + "' of " + tool_name(s.kind()) +
                               " (docs/python.md lists them)");
        if (!value.is_none())
            s.set(o->name, option_value_of(*o, value));
    }
}

//! The option table of a job as a list of dicts (docs/python.md is made from the same table).
py::list option_list(job kind)
{
    py::list out;
    settings const s{kind};
    for (auto const & o : s.options())
    {
        py::dict d;
        d["name"] = o.python_name();
        d["cli_name"] = "--" + o.name;
        d["type"] = std::string{to_string(o.type)};
        d["default"] = o.default_text;
        d["help"] = o.help;
        d["range"] = o.range;
        d["choices"] = o.choices;
        d["cli_only"] = o.cli_only;
        out.append(d);
    }
    return out;
}

//! Forwards training events to a Python callable `callback(event, info)`, holding the GIL.
class python_progress : public training_progress
{
public:
    explicit python_progress(py::object callback) : callback_{std::move(callback)} {}
    void started(training_start const & i) override
    {
        call("started",
             [&]
             {
                 py::dict d;
                 d["train_records"] = i.train_records;
                 d["train_residues"] = i.train_residues;
                 d["valid_records"] = i.valid_records;
                 d["parameters"] = i.parameters;
                 d["excluded_records"] = i.excluded_records;
                 d["config"] = py::module_::import("json").attr("loads")(i.config_json);
                 return d;
             });
    }
    void epoch_done(training_epoch const & r) override
    {
        call("epoch",
             [&]
             {
                 py::dict d;
                 d["epoch"] = r.epoch;
                 d["epochs"] = r.epochs;
                 d["train_loss"] = r.train_loss;
                 d["train_q8"] = r.train_q8;
                 d["valid_q8"] = r.valid_q8;
                 d["valid_q3"] = r.valid_q3;
                 d["residues_per_s"] = r.residues_per_s;
                 d["saved"] = r.saved;
                 return d;
             });
    }
    void message(std::string const & text) override
    {
        call("message",
             [&]
             {
                 py::dict d;
                 d["text"] = text;
                 return d;
             });
    }

private:
    void call(char const * event, std::function<py::dict()> const & info)
    {
        if (callback_.is_none())
            return;
        py::gil_scoped_acquire gil;
        callback_(event, info());
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

py::list predict_records(python_model const & m, py::sequence const & sequences, py::kwargs const & options)
{
    auto const in = records_of(sequences);
    settings s{job::predict};
    set_options(s, options);
    std::vector<prediction> out;
    {
        py::gil_scoped_release nogil;
        out = m.model.predict(in, s);
    }
    py::list result;
    auto const cls = py::module_::import("ssrnn").attr("Prediction");
    for (auto & p : out)
    {
        py::object disorder = py::none();
        if (!p.disorder.empty())
        {
            py::array_t<float> d(static_cast<py::ssize_t>(p.disorder.size()));
            std::copy(p.disorder.begin(), p.disorder.end(), d.mutable_data());
            disorder = std::move(d);
        }
        result.append(cls(p.id, p.sequence, p.ss8, p.ss3, matrix_of(p.prob8, 8), matrix_of(p.prob3, 3), disorder));
    }
    return result;
}

py::object evaluate_data(py::object const & data, py::object const & masks, std::optional<python_model> const & model,
                         py::object const & predictions, py::kwargs const & options)
{
    if (model && !predictions.is_none())
        throw config_error("give model or predictions, not both");
    settings s{job::evaluate};
    set_options(s, options, {"data", "mask", "predictions"});
    if (!data.is_none()) // else structures=[...] (files, directories) in the options
        s.set("data", option_value_of(*s.find("data"), data));
    s.set("mask", option_value_of(*s.find("mask"), masks));
    if (!predictions.is_none())
        s.set("predictions", option_value_of(*s.find("predictions"), predictions));
    else if (model) // none: evaluate-structure's default, the bundled model
        s.set("model", model->model.paths());
    std::string report;
    {
        py::gil_scoped_release nogil;
        report = evaluate(s).report_json;
    }
    return py::module_::import("json").attr("loads")(report);
}

py::object train_python(py::object const & config, py::object const & progress, py::kwargs const & options)
{
    settings s{job::train};
    if (!config.is_none())
        set_options(s, config.cast<py::dict>());
    set_options(s, options);
    python_progress reporter{progress};
    training_result r;
    {
        py::gil_scoped_release nogil;
        r = train_model(s, reporter);
    }
    py::dict d;
    d["epochs_done"] = r.epochs_done;
    d["epochs_run"] = r.epochs_run;
    d["best_epoch"] = r.best_epoch;
    d["best_q8"] = r.best_q8;
    d["best_q3"] = r.best_q3;
    d["stopped_early"] = r.stopped_early;
    d["last_train_loss"] = r.last_train_loss;
    d["model"] = r.model;
    return d;
}

//! A Python Prediction (named tuple) as the C++ API's prediction.
prediction prediction_of(py::handle p)
{
    prediction out;
    out.id = p.attr("id").cast<std::string>();
    out.sequence = p.attr("sequence").cast<std::string>();
    auto const probs = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(p.attr("probs8"));
    if (!probs)
        throw config_error("prediction '" + out.id + "': probs8 is not an array of numbers");
    out.prob8.assign(probs.data(), probs.data() + probs.size());
    if (py::hasattr(p, "disorder") && !p.attr("disorder").is_none())
    {
        auto const d = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(p.attr("disorder"));
        if (!d)
            throw config_error("prediction '" + out.id + "': disorder is not an array of numbers");
        out.disorder.assign(d.data(), d.data() + d.size());
    }
    return out;
}

std::string chart_of_python(py::handle p, int row_length, bool ss8, bool probabilities, std::string const & model)
{
    return chart_svg(prediction_of(p), {row_length, ss8, probabilities}, model);
}

std::string report_of_python(py::list const & predictions, int row_length, bool ss8, bool probabilities,
                             std::string const & model)
{
    std::vector<prediction> all;
    for (auto const p : predictions)
        all.push_back(prediction_of(p));
    return report_html(all, {row_length, ss8, probabilities}, model);
}

//! The job named by a Python string.
job job_of(std::string const & name)
{
    for (auto const k : all_jobs)
        if (tool_name(k) == name || tool_name(k) == name + "-structure")
            return k;
    throw config_error("unknown job '" + name +
                       "' (predict, evaluate, train, build-profiles, combine-models or 'analyze-gradients flow', ...)");
}
} // namespace

PYBIND11_MODULE(ssrnn, m)
{
    m.doc() = "ssrnn: protein secondary structure (8 and 3 states) with recurrent neural networks";
    m.attr("__version__") = version_string;
    register_errors(m);
    m.def("_chart_svg", &chart_of_python, py::arg("prediction"), py::arg("row_length"), py::arg("ss8"),
          py::arg("probabilities"), py::arg("model"));
    m.def("_report_html", &report_of_python, py::arg("predictions"), py::arg("row_length"), py::arg("ss8"),
          py::arg("probabilities"), py::arg("model"));
    // A prediction: a named tuple that draws itself (to_svg; Jupyter shows _repr_svg_).
    py::exec(R"(
import collections as _collections
class Prediction(_collections.namedtuple("Prediction", "id sequence ss8 ss3 probs8 probs3 disorder",
                                         defaults=(None,))):
    """One sequence's prediction: id, sequence, ss8, ss3, probs8 [length, 8], probs3 [length, 3], and
    disorder [length] (P(disordered): unobserved in a structure), None for a model without a disorder head."""
    __slots__ = ()
    def to_svg(self, row_length=50, ss8=False, probabilities=False, model=""):
        """The PSIPRED-style chart as SVG text (predict-structure --format svg's bytes for this record)."""
        return _chart_svg(self, row_length, ss8, probabilities, model)
    def _repr_svg_(self):
        return self.to_svg()
def report_html(predictions, row_length=50, ss8=False, probabilities=False, model=""):
    """A self-contained HTML report (table and charts) of a list of predictions, as --format html."""
    return _report_html(list(predictions), row_length, ss8, probabilities, model)
)",
             m.attr("__dict__"));
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
        .def("predict", &predict_records, py::arg("sequences"),
             "predict(sequences, **options): predicts a list of sequences (strings or (id, sequence) pairs). "
             "Returns Prediction tuples (id, sequence, ss8, ss3, probs8: float32 [length, 8] in H G I E B T S C "
             "order, probs3: float32 [length, 3] in H E C order), the numbers predict-structure prints. `options`: "
             "predict-structure's options that are not files, with underscores (threads, precision, max_residues, "
             "profiles, search_db, search_sensitivity, ..., no_homolog_model; ssrnn.options('predict') lists them). "
             "A profile model needs `profiles` (a profile file or folder, or a list of them; matched by record ID) "
             "or `search_db`. The GIL is released.")
        .def_property_readonly("needs_profiles", [](python_model const & pm) { return pm.model.needs_profiles(); })
        .def_property_readonly("paths", [](python_model const & pm) { return pm.model.paths(); })
        .def_property_readonly("members", [](python_model const & pm) { return pm.model.members(); })
        .def_property_readonly("has_disorder", [](python_model const & pm) { return pm.model.has_disorder(); })
        .def_property_readonly("disorder_threshold",
                               [](python_model const & pm) { return pm.model.disorder_threshold(); })
        .def("__repr__", [](python_model const & pm) { return "<ssrnn.Model " + pm.model.source() + ">"; });

    m.def("evaluate", &evaluate_data, py::arg("data") = py::none(), py::arg("masks") = py::list{},
          py::arg("model") = py::none(), py::arg("predictions") = py::none(),
          "evaluate(data, masks=[], model=None, predictions=None, **options): scores a model (default: the "
          "bundled one) or a predictions file on labelled data (3-line with masks, DSSP, CSV, JSON; or "
          "structures=[PDB/mmCIF files or folders] instead of data, through mkdssp): the report of "
          "evaluate-structure --format json as a dict (q8, q3, sov3, sov8, per_class, confusion, per_protein, "
          "calibration3, ...). `options`: evaluate-structure's other options with underscores (threads, precision, "
          "profiles, by_depth, no_homolog_model, predictions_format, plot; ssrnn.options('evaluate')).");

    m.def("train", &train_python, py::arg("config") = py::none(), py::arg("progress") = py::none(),
          "train(config=None, progress=None, **options): trains as train-structure does. The options (a dict "
          "`config` and/or keywords) are train-structure's with underscores (train, out, epochs, hidden, lr, "
          "init, train_profiles, ...; time_limit in minutes; ssrnn.options('train') lists every one). "
          "`progress(event, info)` is called with 'started', 'epoch' and 'message' events. Returns a dict "
          "(best_q8, best_epoch, epochs_done, stopped_early, model, ...).");

    m.def(
        "options", [](std::string const & job_name) { return option_list(job_of(job_name)); }, py::arg("job"),
        "The options of a job ('predict', 'evaluate', 'train', or any tool's name: 'build-profiles', "
        "'combine-models', 'analyze-gradients flow', ...) as a list of "
        "dicts: name (the Python keyword), cli_name, type, default, help, range, choices, cli_only (files the "
        "Python functions take as arguments instead).");

    m.def("keep_freed_memory", &ssrnn::keep_freed_memory,
          "Tunes glibc's allocator as the ssrnn tools do (faster training; the whole process keeps its heap).");
}
