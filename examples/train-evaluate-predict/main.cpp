// train-evaluate-predict: a whole job on ssrnn's installed C++ API (ssrnn/ssrnn.hpp): train a tiny
// model on a labelled file with a progress callback, evaluate it on labelled data, and predict
// with it. Every option is set by the name the tools use (settings, ssrnn/options.hpp).
// Usage: train-evaluate-predict TRAIN.ss8 TEST.ss8 OUT.ssrnn SEQUENCE
// Prints one line per epoch, the evaluation's Q8/Q3 and the prediction of SEQUENCE.
#include <ssrnn/ssrnn.hpp>

#include <cstdio>
#include <iostream>

namespace
{
//! Prints one line per epoch (the progress interface; batch_done, message, ... do nothing here).
class print_epochs : public ssrnn::training_progress
{
public:
    void epoch_done(ssrnn::training_epoch const & e) override
    {
        std::printf("epoch %d/%d: loss %.4f, validation Q8 %.2f Q3 %.2f%s\n", e.epoch, e.epochs, e.train_loss,
                    e.valid_q8, e.valid_q3, e.saved ? " (saved)" : "");
    }
};
} // namespace

int main(int argc, char ** argv)
{
    if (argc != 5)
    {
        std::cerr << "usage: train-evaluate-predict TRAIN.ss8 TEST.ss8 OUT.ssrnn SEQUENCE\n";
        return 1;
    }
    try
    {
        ssrnn::settings train{ssrnn::job::train}; // train-structure's options, at its defaults
        train.set("train", argv[1]);
        train.set("out", argv[3]);
        train.set("layers", 1);
        train.set("hidden", 8);
        train.set("epochs", 3);
        train.set("batch", 8);
        train.set("valid-fraction", 0.2);
        train.set_text("cell", "gru"); // as on a command line: --cell gru
        print_epochs progress;
        auto const result = ssrnn::train_model(train, progress);
        std::printf("best epoch %d of %d: validation Q8 %.2f\n", result.best_epoch, result.epochs_done, result.best_q8);

        ssrnn::settings evaluate{ssrnn::job::evaluate};
        evaluate.set("model", std::vector<std::string>{result.model});
        evaluate.set("data", argv[2]);
        auto const e = ssrnn::evaluate(evaluate);
        std::printf("test: %llu records, %llu residues, Q8 %.2f, Q3 %.2f, SOV3 %.2f\n",
                    static_cast<unsigned long long>(e.records), static_cast<unsigned long long>(e.residues), e.q8, e.q3,
                    e.sov3);

        auto const model = ssrnn::model::load(result.model);
        ssrnn::settings predict{ssrnn::job::predict};
        predict.set("threads", 2);
        auto const p = model.predict({{"query", argv[4]}}, predict).front();
        std::cout << p.sequence << '\n' << p.ss8 << '\n' << p.ss3 << '\n';
    }
    catch (ssrnn::error const & e)
    {
        std::cerr << "train-evaluate-predict: error: " << e.what() << '\n';
        return static_cast<int>(e.code());
    }
    return 0;
}
