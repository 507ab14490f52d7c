// ssrnn-runpsipred: PSIPRED's runpsipred contract with profiles: the bundled profile model and an
// MMseqs2 search of --search-db (else $SSRNN_SEARCH_DB); writes ROOT.ss, ROOT.ss2 and ROOT.horiz
// into the current directory (docs/integrations.md).
#include "common.hpp"

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run("ssrnn-runpsipred",
                      [&]
                      {
                          settings s{job::psipred};
                          s.set("profile", true);
                          tools::po::variables_map vm;
                          if (!tools::parse(argc, argv, s, "FILE.fasta [--search-db DB]", vm))
                              return 0;
                          psipred_files(s, std::cerr);
                          return 0;
                      });
}
