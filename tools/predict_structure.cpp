// predict-structure: FASTA in, per-residue secondary structure out.
#include "common.hpp"

#include <sstream>

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run("predict-structure",
                      [&]
                      {
                          auto const start = std::chrono::steady_clock::now();
                          settings s{job::predict};
                          bool quiet = false;
                          tools::po::options_description own;
                          own.add_options()("quiet,q", tools::po::bool_switch(&quiet), "no summary on stderr");
                          tools::po::variables_map vm;
                          if (!tools::parse(argc, argv, s, "[options] INPUT...", vm, own))
                              return 0;
                          std::ostringstream sink;
                          (void)predict_files(s, quiet ? static_cast<std::ostream &>(sink) : std::cerr,
                                              tools::output_command_line(argc, argv));
                          if (!quiet)
                              tools::report_resources("predict-structure", start);
                          return 0;
                      });
}
