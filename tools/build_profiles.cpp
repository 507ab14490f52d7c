// build-profiles: MMseqs2 profiles of a FASTA file into one ssrnn profile file, chunked and resumable.
#include "common.hpp"

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run("build-profiles",
                      [&]
                      {
                          settings s{job::build_profiles};
                          tools::po::variables_map vm;
                          if (!tools::parse(argc, argv, s, "--search-db DB -o OUTPUT [options] INPUT...", vm))
                              return 0;
                          build_profiles(s, std::cerr);
                          return 0;
                      });
}
