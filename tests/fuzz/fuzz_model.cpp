// libFuzzer target: model, ensemble and checkpoint files (the .ssrnn container and everything
// read from its header), and a prediction with whatever loaded. The bytes are decoded directly
// (nn::decode_container), as io::read_container does after reading a file.
#include "fuzz_common.hpp"

#include <ssrnn/nn/container.hpp>
#include <ssrnn/nn/ensemble.hpp>
#include <ssrnn/predict/predictor.hpp>
#include <ssrnn/train/checkpoint.hpp>

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    std::string_view const bytes{reinterpret_cast<char const *>(data), size};
    ssrnn_fuzz::expect_clean(
        [&]
        {
            ssrnn::nn::ensemble e;
            ssrnn::nn::add_members(e, ssrnn::nn::decode_container(bytes, "input"), "input");
            std::vector<std::vector<std::uint8_t>> const seqs{{0, 5, 20, 3}, {7}};
            for (auto const & m : e.members)
                if (m.net.params().size() < (1U << 22)) // keep each input fast
                {
                    std::vector<std::vector<float>> disorder; // with a disorder head, its output too
                    auto const * head = m.disorder ? &*m.disorder : nullptr;
                    (void)ssrnn::predict::predict_probabilities(m.net, seqs, 1, 32, 16384, false, {}, head,
                                                                head ? &disorder : nullptr);
                }
        });
    ssrnn_fuzz::expect_clean(
        [&]
        {
            ssrnn::nn::architecture a;
            a.layers = 1;
            a.hidden = 4;
            ssrnn::nn::network<float> net{a};
            ssrnn::train::adam opt;
            (void)ssrnn::train::checkpoint_from_container(ssrnn::nn::decode_container(bytes, "input"), "input",
                                                          {a, 1, 1}, net, opt);
        });
    return 0;
}
