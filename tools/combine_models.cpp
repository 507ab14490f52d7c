// combine-models: put several model (or ensemble) files into one ensemble file whose members'
// probabilities predict-structure and evaluate-structure average, or (--average) into one model
// whose weights are the inputs' mean (checkpoint averaging).
#include "common.hpp"

#include <ssrnn/nn/ensemble.hpp>

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run("combine-models",
                      [&]
                      {
                          std::vector<std::string> inputs;
                          std::string out;
                          int threads = 1;
                          tools::po::options_description d{"Options"};
                          bool average = false;
                          tools::add_common(d, threads, false);
                          d.add_options()("average", tools::po::bool_switch(&average),
                                          "write one model whose weights are the inputs' mean (checkpoint "
                                          "averaging; inputs must share one architecture)")(
                              "out,o", tools::po::value(&out),
                              "file to write (atomically): an ensemble, or with --average one model")(
                              "input", tools::po::value(&inputs)->composing(), "model or ensemble files (positional)");
                          tools::po::positional_options_description pos;
                          pos.add("input", -1);
                          if (!tools::parse(argc, argv, d, &pos, "combine-models", "-o OUT MODEL MODEL..."))
                              return 0;
                          if (out.empty())
                              throw config_error("--out is required");
                          if (inputs.empty())
                              throw config_error("no input model given");
                          auto const e = nn::load_ensemble(inputs);
                          if (average)
                          {
                              auto const m = nn::average_weights(e);
                              nn::save_model(out, m.net, m.header["provenance"]);
                              std::cerr << "combine-models: weights of " << e.members.size() << " models averaged into "
                                        << out << '\n';
                              return 0;
                          }
                          nn::save_ensemble(out, e.members);
                          std::cerr << "combine-models: " << e.members.size() << " members written to " << out << '\n';
                          return 0;
                      });
}
