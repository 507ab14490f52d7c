// ssrnn-addss: HH-suite's addss.pl without PSIPRED and BLAST. Reads an A3M alignment (file or
// stdin) and writes it with >ss_pred and >ss_conf for its query (docs/integrations.md); under
// ffindex_apply it annotates a whole HH-suite database.
#include "common.hpp"

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run("ssrnn-addss",
                      [&]
                      {
                          settings s{job::addss};
                          tools::po::variables_map vm;
                          if (!tools::parse(argc, argv, s, "[INPUT.a3m|- [OUTPUT.a3m|-]] [--ss-only]", vm))
                              return 0;
                          add_secondary_structure(s, std::cerr);
                          return 0;
                      });
}
