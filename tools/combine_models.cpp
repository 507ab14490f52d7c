// combine-models: put several model (or ensemble) files into one ensemble file whose members'
// probabilities predict-structure and evaluate-structure average, or (--average) into one model
// whose weights are the inputs' mean (checkpoint averaging).
#include "common.hpp"

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run("combine-models",
                      [&]
                      {
                          settings s{job::combine};
                          tools::po::variables_map vm;
                          if (!tools::parse(argc, argv, s, "-o OUT MODEL MODEL...", vm))
                              return 0;
                          combine_models(s, std::cerr);
                          return 0;
                      });
}
