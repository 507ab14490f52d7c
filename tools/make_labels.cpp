// make-labels: labelled data as people have it (classic DSSP files, 3-line files; gzip) into one
// 3-line file and its mask, for train-structure and evaluate-structure.
#include "common.hpp"

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run("make-labels",
                      [&]
                      {
                          settings s{job::make_labels};
                          tools::po::variables_map vm;
                          if (!tools::parse(argc, argv, s, "-o OUT.ss8 INPUT...", vm))
                              return 0;
                          make_labels(s, std::cerr);
                          return 0;
                      });
}
