// predict-sequence: the smallest program on ssrnn's installed C++ API (ssrnn/ssrnn.hpp).
// Usage: predict-sequence [MODEL.ssrnn] SEQUENCE
// Prints the sequence, its 8-state and 3-state predictions and, per residue, P(H) P(E) P(C).
#include <ssrnn/ssrnn.hpp>

#include <cstdio>
#include <iostream>

int main(int argc, char ** argv)
{
    if (argc < 2 || argc > 3)
    {
        std::cerr << "usage: predict-sequence [MODEL.ssrnn] SEQUENCE\n";
        return 1;
    }
    try
    {
        ssrnn::keep_freed_memory();
        auto const model = argc == 3 ? ssrnn::model::load(argv[1]) : ssrnn::model::load_default();
        auto const p = model.predict(argv[argc - 1], {.threads = 2});
        std::cout << p.sequence << '\n' << p.ss8 << '\n' << p.ss3 << '\n';
        for (std::size_t i = 0; i < p.sequence.size(); ++i)
        {
            auto const p3 = p.probabilities3(i);
            std::printf("%zu\t%c\t%.3f\t%.3f\t%.3f\n", i + 1, p.sequence[i], static_cast<double>(p3[0]),
                        static_cast<double>(p3[1]), static_cast<double>(p3[2]));
        }
        std::cerr << "predict-sequence: ssrnn " << ssrnn::version_string << ", model " << model.source() << " ("
                  << model.members() << " networks)\n";
    }
    catch (ssrnn::error const & e)
    {
        std::cerr << "predict-sequence: error: " << e.what() << '\n';
        return static_cast<int>(e.code());
    }
    return 0;
}
