// ssrnn-runpsipred_single: PSIPRED's runpsipred_single contract. `ssrnn-runpsipred_single FILE.fasta`
// writes ROOT.ss, ROOT.ss2 and ROOT.horiz into the current directory (docs/integrations.md).
#include "common.hpp"

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run("ssrnn-runpsipred_single",
                      [&]
                      {
                          settings s{job::psipred};
                          tools::po::variables_map vm;
                          if (!tools::parse(argc, argv, s, "FILE.fasta", vm))
                              return 0;
                          psipred_files(s, std::cerr);
                          return 0;
                      });
}
