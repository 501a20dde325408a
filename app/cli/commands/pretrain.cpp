// sharelens-cli pretrain: a small byte-level model trained from scratch.
#include "commands.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"
#include "sharelens/model.h"
#include "sharelens/outpath.h"
#include "sharelens/tokenizer.h"

namespace sharelens::cli {

namespace {

// A Hugging Face tokenizer.json for a byte-level vocabulary: the 256 GPT-2
// byte symbols as tokens 0..255 (id == byte value) and no merges.
std::string byteLevelTokenizerJson() {
    // GPT-2's reversible byte -> unicode code point table.
    std::vector<int> cps(256);
    int n = 0;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        cps[static_cast<size_t>(b)] = printable ? b : 256 + n++;
    }
    auto utf8 = [](int cp) {
        std::string s;
        if (cp < 0x80) {
            s += static_cast<char>(cp);
        } else {
            s += static_cast<char>(0xC0 | (cp >> 6));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
        return s;
    };
    json vocab = json::object();
    for (int b = 0; b < 256; ++b) vocab[utf8(cps[static_cast<size_t>(b)])] = b;
    json tok{
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", json::array()},
        {"normalizer", nullptr},
        {"pre_tokenizer",
         {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
        {"post_processor", nullptr},
        {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"vocab", vocab},
          {"merges", json::array()}}}};
    return tok.dump(1);
}

// The model --family and its sizes describe (checked in option order).
ModelConfig pretrainConfig(const Args& a, const std::string& family) {
    ModelConfig c;
    if (family == "gpt2") {
        c.family = Family::Gpt2;
        c.modelType = "gpt2";
        c.activation = "gelu_new";
        c.tieEmbeddings = true;
    } else if (family == "llama") {
        c.family = Family::Llama;
        c.modelType = "llama";
        c.activation = "silu";
        c.tieEmbeddings = true;
    } else {
        throw Error("--family must be gpt2 or llama, got '" + family + "'");
    }
    c.vocabSize = 256;
    c.numLayers = static_cast<int>(a.getInt("--layers", 12, 1, 256));
    c.hiddenSize = static_cast<int>(a.getInt("--hidden", 128, 8, 1 << 16));
    c.numHeads = static_cast<int>(a.getInt("--heads", 4, 1, 1024));
    if (c.hiddenSize % c.numHeads) throw Error("--hidden must be a multiple of --heads");
    c.numKVHeads = c.numHeads;
    c.headDim = c.hiddenSize / c.numHeads;
    c.intermediateSize = family == "gpt2" ? 4 * c.hiddenSize : (c.hiddenSize * 8 / 3 + 7) / 8 * 8;
    c.maxPositions = static_cast<int>(a.getInt("--context", 256, 2, 1 << 20));
    c.normEps = 1e-5;
    c.bosTokenId = c.eosTokenId = 10; // newline
    return c;
}

TrainOptions pretrainOptions(const Args& a, const ModelConfig& c) {
    TrainOptions o;
    o.steps = static_cast<int>(a.getInt("--steps", 1000, 1, 10000000));
    o.batchSize = static_cast<int>(a.getInt("--batch", 16, 1, 4096));
    o.seqLen = static_cast<int>(a.getInt("--seq-len", c.maxPositions, 2, c.maxPositions));
    o.learningRate = a.getDouble("--lr", 2e-3, 1e-8, 10);
    o.minLearningRate = o.learningRate / 10;
    o.seed = static_cast<uint64_t>(a.getInt("--seed", 1, 0, 1LL << 62));
    o.evalEvery = static_cast<int>(a.getInt("--eval-every", 100, 0, 1 << 30));
    return o;
}

// Unigram baseline on the validation text, with add-one smoothing from the
// training counts: the loss a model with no context would reach.
double unigramLoss(const std::vector<int32_t>& trainIds, const std::vector<int32_t>& valIds) {
    std::vector<double> counts(256, 1.0);
    for (auto id : trainIds) counts[static_cast<size_t>(id)] += 1;
    double total = 0;
    for (double x : counts) total += x;
    double unigram = 0;
    for (auto id : valIds) unigram -= std::log(counts[static_cast<size_t>(id)] / total);
    return unigram / static_cast<double>(valIds.size());
}

// Trains `model`, with a line on err every 10 steps and per evaluation; a
// cancel or a non-finite loss ends the command as before (exit 130 or 1).
TrainResult pretrainRun(Model& model, const std::vector<int32_t>& trainIds, const std::vector<int32_t>& valIds,
                        const TrainOptions& o, const Io& io) {
    auto result = train(
        model, trainIds, valIds, o,
        [&](const StepRecord& r) {
            if (r.step % 10 == 0)
                io.err << "step " << r.step << "/" << o.steps << " loss " << std::setprecision(4) << r.loss << " lr "
                       << r.learningRate << " " << std::setprecision(0) << std::fixed << r.tokensPerSecond << " tok/s\n"
                       << std::defaultfloat;
        },
        [&](const EvalRecord& e) {
            io.err << "eval step " << e.step << " validation loss " << std::setprecision(4) << e.loss << "\n";
        });
    if (result.stop == StopReason::Cancelled) throw Cancelled();
    if (result.stop == StopReason::NonFinite) throw Error(result.stopMessage);
    return result;
}

// The "format" training.json carries, so a later run knows the folder is a
// pretrain output it may write over.
constexpr const char* kPretrainFormat = "sharelens-pretrain";

// A folder an earlier pretrain wrote: training.json with the format marker,
// or (written before the marker) a recipe naming this command.
bool isPretrainOutput(const std::string& dir) {
    const std::string file = dir + "/training.json";
    if (jsonFileHasMarker(file, "format", {kPretrainFormat})) return true;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec) || std::filesystem::file_size(file, ec) > (1u << 20)) return false;
    try {
        const json j = json::parse(readFile(file), nullptr, false);
        return j.is_object() && j.contains("validation_loss") && j.contains("recipe") && j["recipe"].is_string() &&
               j["recipe"].get<std::string>().rfind("sharelens-cli pretrain ", 0) == 0;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace

int cmdPretrain(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest, {"--force"},
           {"--text", "--out", "--family", "--layers", "--hidden", "--heads", "--context", "--steps", "--batch",
            "--seq-len", "--lr", "--seed", "--val-fraction", "--dtype", "--eval-every"});
    if (!a.positional().empty()) throw UsageError("pretrain takes no positional arguments");
    if (!a.has("--text") || !a.has("--out")) throw UsageError("pretrain needs --text FILE and --out DIR");
    const std::string family = a.get("--family", "gpt2");
    const ModelConfig c = pretrainConfig(a, family);
    const TrainOptions o = pretrainOptions(a, c);
    const double valFraction = a.getDouble("--val-fraction", 0.05, 0.001, 0.5);
    const std::string dt = a.get("--dtype", "f16");
    DType storage = dt == "f32" ? DType::F32 : dt == "f16" ? DType::F16 : dt == "bf16" ? DType::BF16 : DType::U8;
    if (storage == DType::U8) throw Error("--dtype must be f32, f16 or bf16");
    // Before the long work: a folder of other files is never written into.
    if (!a.has("--force")) checkOutputFolder(a.get("--out"), "pretrain", "training.json", isPretrainOutput);

    const std::string text = readTextFile(a.get("--text"));
    auto tok = makeByteTokenizer();
    const auto ids = tok->encode(text);
    const auto [trainIds, valIds] = splitTokens(ids, valFraction);
    const double unigram = unigramLoss(trainIds, valIds);
    io.err << "pretrain: " << trainIds.size() << " training and " << valIds.size()
           << " validation tokens; unigram validation loss " << unigram << "\n";

    auto model = Model::create(c, o.seed);
    io.err << "pretrain: " << model->summary().parameters << " parameters\n";
    const auto t0 = std::chrono::steady_clock::now();
    const auto result = pretrainRun(*model, trainIds, valIds, o, io);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string out = a.get("--out");
    std::ostringstream prov;
    prov << "sharelens-cli pretrain --family " << family << " --layers " << c.numLayers << " --hidden " << c.hiddenSize
         << " --heads " << c.numHeads << " --context " << c.maxPositions << " --steps " << o.steps << " --batch "
         << o.batchSize << " --seq-len " << o.seqLen << " --lr " << o.learningRate << " --seed " << o.seed;
    const double valLoss = result.evals.empty() ? 0 : result.evals.back().loss;
    model->save(out, storage,
                {{"sharelens.version", SHARELENS_VERSION},
                 {"sharelens.recipe", prov.str()},
                 {"sharelens.validation_loss", formatNumber(valLoss)},
                 {"sharelens.unigram_loss", formatNumber(unigram)}});
    writeFileAtomic(out + "/tokenizer.json", byteLevelTokenizerJson());
    json summary{{"format", kPretrainFormat},
                 {"validation_loss", valLoss},
                 {"unigram_loss", unigram},
                 {"seconds", secs},
                 {"train_tokens", trainIds.size()},
                 {"validation_tokens", valIds.size()},
                 {"parameters", model->summary().parameters},
                 {"recipe", prov.str()}};
    writeFileAtomic(out + "/training.json", summary.dump(2) + "\n");
    io.out << summary.dump(2) << "\n";
    return 0;
}

} // namespace sharelens::cli
