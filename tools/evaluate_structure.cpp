// evaluate-structure: score a model, or a predictions file, on labelled data (Q8, Q3, SOV, per-class
// scores, confusion, per-protein averages, calibration).
#include "common.hpp"

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run("evaluate-structure",
                      [&]
                      {
                          settings s{job::evaluate};
                          tools::po::variables_map vm;
                          if (!tools::parse(argc, argv, s, "--data FILE [--mask FILE]... [options]", vm))
                              return 0;
                          evaluate_files(s, std::cout, std::cerr);
                          return 0;
                      });
}
