// prepare-database: a protein FASTA converted and indexed for MMseqs2 once (createdb, createindex,
// a manifest), so that --search-db DIR predicts in seconds (docs/profiles.md).
#include "common.hpp"

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run("prepare-database",
                      [&]
                      {
                          settings s{job::prepare_database};
                          tools::po::variables_map vm;
                          if (!tools::parse(argc, argv, s, "DB.fasta[.gz] -o DIR [--threads N]", vm))
                              return 0;
                          prepare_database(s, std::cerr);
                          return 0;
                      });
}
