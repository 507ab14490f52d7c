// train-disorder-head: a trained model (or every member of an ensemble) gets a disorder head, the
// probability that a residue is unobserved in the structure, trained on the frozen network's top
// layer; the secondary structure stays bit for bit the same (docs/training.md#disorder).
#include "common.hpp"

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run(
        "train-disorder-head",
        [&]
        {
            settings s{job::disorder_head};
            tools::po::variables_map vm;
            if (!tools::parse(argc, argv, s, "--model IN.ssrnn --train DATA --train-mask MASK -o OUT.ssrnn", vm))
                return 0;
            train_disorder_head(s, std::cerr);
            return 0;
        });
}
