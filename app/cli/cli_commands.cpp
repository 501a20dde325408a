#include "cli_commands.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include <QByteArray>
#include <QCryptographicHash>

#include "cli_figures.h"
#include "cli_session.h"
#include "sharelens/agents.h"
#include "cli_report.h"
#include "sharelens/analysis.h"
#include "sharelens/checkpoint.h"
#include "sharelens/cluster.h"
#include "sharelens/compress.h"
#include "sharelens/plan.h"
#include "sharelens/data.h"
#include "sharelens/safetensors.h"
#include "sharelens/sharing.h"
#include "sharelens/error.h"
#include "sharelens/export.h"
#include "sharelens/model.h"
#include "sharelens/tokenizer.h"
#include "sharelens/trainer.h"

#ifndef SHARELENS_VERSION
#define SHARELENS_VERSION "0.0.0"
#endif

namespace sharelens::cli {

namespace {

using json = nlohmann::json;

// Validation windows the comparison at the same budget evaluates on (as the GUI).
constexpr int kBudgetSequences = 32;

const char* kUsage = R"(Usage: sharelens-cli COMMAND [options]

Commands:
  --version                 print the version
  info MODEL [--json]       architecture, layers, sizes, parameters, dtype, bytes
  eval MODEL (--text FILE | --token-ids IDS.json) [--seq-len L] [--sequences N] [--json]
                            mean next-token cross-entropy
  analyze MODEL (--text FILE | --token-ids IDS.json) [--seq-len L] [--sequences N]
          [--metric pearson|cosine|cka] [--units blocks|sublayers]
          [--linkage average|complete|single|weighted|ward] [--threshold T]
          [--contiguous] [--keep-first-last] [--max-group-size K]
          [--skip-first-token] [--batch B] [--threads N] [--out DIR] [--session FILE]
                            layer similarity, clustering and a sharing plan;
                            writes DIR/analysis.json and heatmap/dendrogram
                            figures (PNG, SVG, PDF); --session also writes a
                            session file the GUI opens; --threads: capture
                            workers (default: one per CPU; the result does not
                            depend on it)
  analyze MODEL MODEL [MODEL ...] (--text FILE | --token-ids IDS.json)
          [--level layers|agents] [--agent-names A,B,..] [--base AGENT] [options as above]
                            agents mode: the models are the agents of one
                            system; (agent, layer) and agent-level similarity
                            from one pass, weight differences per layer, and a
                            cross-agent sharing plan at the chosen level
  cluster SIMILARITY.json [--linkage METHOD] [--threshold T] [--contiguous]
                            linkage and groups of a similarity matrix
  pretrain --text FILE --out DIR [--family gpt2|llama] [--layers N] [--hidden H]
           [--heads A] [--context C] [--steps S] [--batch B] [--seq-len L]
           [--lr LR] [--seed K] [--val-fraction F] [--dtype f32|f16|bf16]
                            train a small byte-level model from scratch
                            (this is how the built-in demo model is made)
  finetune MODEL --plan analysis.json (--text FILE | --token-ids IDS.json)
           [--steps S] [--batch B] [--seq-len L] [--lr LR] [--init mean|medoid|first]
           [--private-norms] [--delta-rank R] [--seed K] [--val-fraction F]
           [--eval-every N] [--out DIR] [--session FILE] [--checkpoint-every N]
           [--resume CKPT_DIR] [--threads N]
                            build the shared model from the plan and train it
                            and the unshared baseline on the same batches,
                            then compare with layer removal and int8 on the
                            validation text; --session adds the run to FILE;
                            writes DIR/metrics.csv, DIR/validation.csv,
                            DIR/summary.json and DIR/shared/ (the trained
                            shared model as a compact checkpoint);
                            --checkpoint-every saves the whole training state
                            to DIR/checkpoint every N steps and at the end,
                            --resume continues a run from such a folder (same
                            settings) to --steps; --threads: step workers,
                            each on a slice of the batch (default one per
                            CPU; losses agree to rounding across counts)
  finetune MODEL MODEL [MODEL ...] --plan analysis.json (--text FILE ...)
                            agents mode: --text (or --token-ids) once for all
                            agents or once per agent, in MODEL order; trains
                            the shared system and the unshared agents on the
                            same batches; DIR/shared/ is the trained system
                            as a shared pool (see export --format pool)
  compare MODEL --plan analysis.json (--text FILE | --token-ids IDS.json)
          [--seq-len L] [--sequences N] [--json]
                            validation loss, parameters and bytes of the
                            baseline, the shared model (untrained, mean init),
                            removal of the layers the plan shares, dropping the
                            last k layers (k = layers the plan saves) and int8
                            weight quantization, on the same sequences
  session SESSION.sharelens [--json]
                            what a session file holds (--json: all of it)
  report SESSION.sharelens [--out FILE.pdf]
                            the session as a PDF report (default: SESSION.pdf)
  export MODEL [--plan analysis.json] --format compact|hf --out DIR
         [--init mean|medoid|first] [--private-norms] [--delta-rank R]
         [--dtype f32|f16|bf16]
                            write the shared model of the plan as a compact
                            checkpoint (each shared tensor stored once, the
                            sharing map, plan and provenance in its metadata)
                            or as a plain Hugging Face folder (every layer
                            written out, tokenizer files, sharelens-recipe.json);
                            DIR is replaced as a whole or not at all. A compact
                            MODEL needs no --plan. --dtype defaults to the
                            model's

  export MODEL MODEL [MODEL ...] --plan analysis.json --format pool --out DIR
         [--init mean|medoid|first] [--dtype f32|f16|bf16]
                            agents mode: the shared system of an agents plan
                            as DIR/pool.safetensors (every tensor two or more
                            agents use, once) and DIR/<agent>/ per agent (a
                            compact checkpoint of its private tensors that
                            takes the rest from ../pool.safetensors); each
                            DIR/<agent> is a MODEL of its own, DIR as the one
                            MODEL of analyze/finetune stands for all agents
MODEL is a Hugging Face model folder (config.json + safetensors, sharded
safetensors or a PyTorch state_dict) or a ShareLens compact checkpoint. IDS.json is a JSON array of token-id
sequences, e.g. [[15, 7, 99], [3, 4]].
)";

// A tiny option parser: positional arguments and --name [value] flags.
class Args {
public:
    Args(const std::vector<std::string>& a, const std::vector<std::string>& flags,
         const std::vector<std::string>& valued) {
        for (size_t i = 0; i < a.size(); ++i) {
            const auto& s = a[i];
            if (s.rfind("--", 0) == 0) {
                if (std::find(flags.begin(), flags.end(), s) != flags.end()) {
                    m_values[s] = "";
                } else if (std::find(valued.begin(), valued.end(), s) != valued.end()) {
                    if (i + 1 >= a.size()) throw UsageError("option " + s + " needs a value");
                    m_values[s] = a[++i];
                    m_all[s].push_back(m_values[s]);
                } else {
                    throw UsageError("unknown option " + s);
                }
            } else {
                m_positional.push_back(s);
            }
        }
    }
    bool has(const std::string& k) const { return m_values.count(k) > 0; }
    std::string get(const std::string& k, const std::string& def = {}) const {
        auto it = m_values.find(k);
        return it == m_values.end() ? def : it->second;
    }
    long long getInt(const std::string& k, long long def, long long lo, long long hi) const {
        if (!has(k)) return def;
        const std::string v = get(k);
        size_t pos = 0;
        long long x = 0;
        try {
            x = std::stoll(v, &pos);
        } catch (...) {
            pos = 0;
        }
        if (pos != v.size() || v.empty()) throw Error(k + " expects an integer, got '" + v + "'");
        if (x < lo || x > hi)
            throw Error(k + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + v);
        return x;
    }
    double getDouble(const std::string& k, double def, double lo, double hi) const {
        if (!has(k)) return def;
        const std::string v = get(k);
        size_t pos = 0;
        double x = 0;
        try {
            x = std::stod(v, &pos);
        } catch (...) {
            pos = 0;
        }
        if (pos != v.size() || v.empty() || !std::isfinite(x)) throw Error(k + " expects a number, got '" + v + "'");
        if (x < lo || x > hi) {
            std::ostringstream os;
            os << k << " must be between " << lo << " and " << hi << ", got " << v;
            throw Error(os.str());
        }
        return x;
    }
    const std::vector<std::string>& positional() const { return m_positional; }
    // Every value of an option given several times, in order.
    std::vector<std::string> all(const std::string& k) const {
        auto it = m_all.find(k);
        return it == m_all.end() ? std::vector<std::string>{} : it->second;
    }

private:
    std::map<std::string, std::string> m_values;
    std::map<std::string, std::vector<std::string>> m_all;
    std::vector<std::string> m_positional;
};

// Progress on stderr, throttled, one line rewritten in place on a terminal.
Progress stderrProgress() {
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    return Progress(
        [last](const ProgressInfo& p) {
            const auto now = std::chrono::steady_clock::now();
            if (p.fraction < 1.0 && now - *last < std::chrono::milliseconds(500)) return;
            *last = now;
            // A local stream, so std::cerr's formatting stays untouched.
            std::ostringstream line;
            line << "[" << p.stageIndex << "/" << p.stageCount << "] " << p.stage << " " << std::fixed
                 << std::setprecision(1) << 100.0 * p.fraction << "%\n";
            std::cerr << line.str();
        },
        nullptr);
}

std::string humanBytes(uint64_t b) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(b);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    std::ostringstream os;
    os << std::fixed << std::setprecision(u ? 1 : 0) << v << " " << units[u];
    return os.str();
}

json summaryJson(const ModelSummary& s) {
    return json{{"architecture", s.architecture}, {"model_type", s.modelType}, {"layers", s.layers},
                {"hidden_size", s.hiddenSize}, {"heads", s.heads}, {"kv_heads", s.kvHeads},
                {"vocab_size", s.vocabSize}, {"intermediate_size", s.intermediateSize},
                {"context", s.maxPositions}, {"parameters", s.parameters}, {"dtype", s.dtype},
                {"tensors", s.tensorCount}, {"bytes", s.bytes}, {"format", s.format},
                {"tokenizer", s.tokenizer}};
}

// Creates an output folder (and parents); a clear error when it cannot.
void makeOutputDir(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
        throw Error("cannot create the output folder: " + (ec ? ec.message() : std::string("not a folder")) +
                        "; choose another --out folder",
                    dir);
}

// Several MODELs, or one folder holding a shared-pool export (its agents).
bool agentsMode(const Args& a) {
    return a.positional().size() > 1 || (a.positional().size() == 1 && isPoolExport(a.positional()[0]));
}

// The agents' folders: the MODELs, or the agent folders of a pool folder.
std::vector<std::string> agentPaths(const Args& a) {
    const auto& p = a.positional();
    return p.size() == 1 && isPoolExport(p.front()) ? poolAgentFolders(p.front()) : p;
}

std::string requireModel(const Args& a, const std::string& cmd) {
    if (a.positional().size() != 1) throw UsageError(cmd + " needs exactly one MODEL folder");
    return a.positional()[0];
}

int cmdInfo(const std::vector<std::string>& rest) {
    Args a(rest, {"--json"}, {});
    const auto ck = openCheckpoint(requireModel(a, "info"));
    const auto s = summarize(ck);
    // An agent of a shared-pool export: which pool it takes its shared tensors from.
    json pool;
    if (!ck.poolFile.empty()) {
        std::set<std::string> stored;
        uint64_t poolBytes = 0;
        for (const auto& t : ck.tensors) {
            // Aliases (member positions of a shared group) point at a stored
            // entry that is listed too: count each stored tensor once.
            if (t.file != ck.poolFile || !t.storedAs.empty() ||
                !stored.insert(t.fileName.empty() ? t.name : t.fileName).second)
                continue;
            uint64_t n = dtypeSize(t.dtype);
            for (int64_t d : t.shape) n *= static_cast<uint64_t>(d);
            poolBytes += n;
        }
        const auto agent = ck.metadata.find("sharelens.agent");
        pool = {{"file", ck.poolFile},
                {"id", ck.poolId},
                {"agent", agent == ck.metadata.end() ? std::string() : agent->second},
                {"tensors", stored.size()},
                {"tensor_bytes", poolBytes}};
    }
    if (a.has("--json")) {
        json j = summaryJson(s);
        if (!pool.is_null()) j["pool"] = pool;
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::cout << "architecture  " << s.architecture << " (" << s.modelType << ")\n"
              << "layers        " << s.layers << "\n"
              << "hidden size   " << s.hiddenSize << "\n"
              << "heads         " << s.heads << " (key/value heads " << s.kvHeads << ")\n"
              << "intermediate  " << s.intermediateSize << "\n"
              << "vocabulary    " << s.vocabSize << "\n"
              << "context       " << s.maxPositions << "\n"
              << "parameters    " << s.parameters << "\n"
              << "dtype         " << s.dtype << "\n"
              << "tensors       " << s.tensorCount << "\n"
              << "bytes         " << s.bytes << " (" << humanBytes(s.bytes) << ")\n"
              << "format        " << s.format << "\n"
              << "tokenizer     " << s.tokenizer << "\n";
    if (!pool.is_null())
        std::cout << "shared pool   " << ck.poolFile << "\n"
                  << "              id " << ck.poolId.substr(0, 12) << ", " << pool["tensors"].get<size_t>() << " of this agent's stored tensors ("
                  << humanBytes(pool["tensor_bytes"].get<uint64_t>()) << ") are in it"
                  << (pool["agent"].get<std::string>().empty() ? std::string()
                                                                : " (agent " + pool["agent"].get<std::string>() + ")")
                  << "\n";
    return 0;
}

// Sequences from --text (tokenized and chunked) or --token-ids (as given).
Sequences loadSequences(const Args& a, const Model& model, int seqLen, int maxSeqs) {
    if (a.has("--text") == a.has("--token-ids")) throw UsageError("give exactly one of --text FILE or --token-ids IDS.json");
    if (a.has("--token-ids")) {
        auto seqs = readTokenIds(a.get("--token-ids"));
        if (seqs.empty())
            throw Error("the id list holds no sequences; a token-id file is a JSON array of sequences, e.g. "
                        "[[15, 7, 99], [3, 4]].",
                        a.get("--token-ids"));
        if (maxSeqs > 0 && static_cast<int>(seqs.size()) > maxSeqs) seqs.resize(static_cast<size_t>(maxSeqs));
        return seqs;
    }
    const std::string path = a.get("--text");
    const std::string text = readFile(path);
    auto tok = loadTokenizerForModel(model.checkpoint().dir, model.config().vocabSize);
    const auto ids = tok->encode(text);
    auto seqs = chunkTokens(ids, seqLen, maxSeqs);
    if (seqs.empty())
        throw Error("the text has " + std::to_string(ids.size()) + " tokens, fewer than one sequence of " +
                        std::to_string(seqLen) + "; use a longer text or a smaller --seq-len",
                    path);
    return seqs;
}

int cmdEval(const std::vector<std::string>& rest) {
    Args a(rest, {"--json"}, {"--text", "--token-ids", "--seq-len", "--sequences"});
    const std::string dir = requireModel(a, "eval");
    if (a.has("--text") == a.has("--token-ids")) throw UsageError("give exactly one of --text FILE or --token-ids IDS.json");
    auto model = Model::load(dir, stderrProgress());
    const int ctx = model->config().maxPositions;
    const int seqLen = static_cast<int>(a.getInt("--seq-len", std::min(ctx, 1024), 2, 1 << 20));
    if (seqLen > ctx)
        throw Error("--seq-len " + std::to_string(seqLen) + " is longer than the model's context of " +
                    std::to_string(ctx) + " tokens");
    const int maxSeqs = static_cast<int>(a.getInt("--sequences", 0, 0, 1 << 30));
    const auto seqs = loadSequences(a, *model, seqLen, maxSeqs);
    const auto r = model->evaluate(seqs, stderrProgress());
    if (a.has("--json")) {
        std::cout << json{{"loss", r.loss}, {"tokens", r.tokens}, {"perplexity", std::exp(r.loss)}}.dump() << "\n";
    } else {
        std::cout << std::setprecision(6) << "loss        " << r.loss << "\n"
                  << "perplexity  " << std::exp(r.loss) << "\n"
                  << "tokens      " << r.tokens << "\n";
    }
    return 0;
}

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
    json tok{{"version", "1.0"},
             {"truncation", nullptr},
             {"padding", nullptr},
             {"added_tokens", json::array()},
             {"normalizer", nullptr},
             {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
             {"post_processor", nullptr},
             {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
             {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
                        {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"byte_fallback", false},
                        {"vocab", vocab}, {"merges", json::array()}}}};
    return tok.dump(1);
}

int cmdPretrain(const std::vector<std::string>& rest) {
    Args a(rest, {}, {"--text", "--out", "--family", "--layers", "--hidden", "--heads", "--context", "--steps",
                      "--batch", "--seq-len", "--lr", "--seed", "--val-fraction", "--dtype", "--eval-every"});
    if (!a.positional().empty()) throw UsageError("pretrain takes no positional arguments");
    if (!a.has("--text") || !a.has("--out")) throw UsageError("pretrain needs --text FILE and --out DIR");
    const std::string family = a.get("--family", "gpt2");
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

    TrainOptions o;
    o.steps = static_cast<int>(a.getInt("--steps", 1000, 1, 10000000));
    o.batchSize = static_cast<int>(a.getInt("--batch", 16, 1, 4096));
    o.seqLen = static_cast<int>(a.getInt("--seq-len", c.maxPositions, 2, c.maxPositions));
    o.learningRate = a.getDouble("--lr", 2e-3, 1e-8, 10);
    o.minLearningRate = o.learningRate / 10;
    o.seed = static_cast<uint64_t>(a.getInt("--seed", 1, 0, 1LL << 62));
    o.evalEvery = static_cast<int>(a.getInt("--eval-every", 100, 0, 1 << 30));
    const double valFraction = a.getDouble("--val-fraction", 0.05, 0.001, 0.5);
    const std::string dt = a.get("--dtype", "f16");
    DType storage = dt == "f32" ? DType::F32 : dt == "f16" ? DType::F16 : dt == "bf16" ? DType::BF16 : DType::U8;
    if (storage == DType::U8) throw Error("--dtype must be f32, f16 or bf16");

    const std::string text = readFile(a.get("--text"));
    auto tok = makeByteTokenizer();
    const auto ids = tok->encode(text);
    const auto [trainIds, valIds] = splitTokens(ids, valFraction);

    // Unigram baseline on the validation text, with add-one smoothing from
    // the training counts: the loss a model with no context would reach.
    std::vector<double> counts(256, 1.0);
    for (auto id : trainIds) counts[static_cast<size_t>(id)] += 1;
    double total = 0;
    for (double x : counts) total += x;
    double unigram = 0;
    for (auto id : valIds) unigram -= std::log(counts[static_cast<size_t>(id)] / total);
    unigram /= static_cast<double>(valIds.size());
    std::cerr << "pretrain: " << trainIds.size() << " training and " << valIds.size()
              << " validation tokens; unigram validation loss " << unigram << "\n";

    auto model = Model::create(c, o.seed);
    std::cerr << "pretrain: " << model->summary().parameters << " parameters\n";
    const auto t0 = std::chrono::steady_clock::now();
    auto result = train(
        *model, trainIds, valIds, o,
        [&](const StepRecord& r) {
            if (r.step % 10 == 0)
                std::cerr << "step " << r.step << "/" << o.steps << " loss " << std::setprecision(4) << r.loss
                          << " lr " << r.learningRate << " " << std::setprecision(0) << std::fixed << r.tokensPerSecond
                          << " tok/s\n"
                          << std::defaultfloat;
        },
        [&](const EvalRecord& e) {
            std::cerr << "eval step " << e.step << " validation loss " << std::setprecision(4) << e.loss << "\n";
        });
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
                 {"sharelens.validation_loss", std::to_string(valLoss)},
                 {"sharelens.unigram_loss", std::to_string(unigram)}});
    writeFileAtomic(out + "/tokenizer.json", byteLevelTokenizerJson());
    json summary{{"validation_loss", valLoss}, {"unigram_loss", unigram}, {"seconds", secs},
                 {"train_tokens", trainIds.size()}, {"validation_tokens", valIds.size()},
                 {"parameters", model->summary().parameters}, {"recipe", prov.str()}};
    writeFileAtomic(out + "/training.json", summary.dump(2) + "\n");
    std::cout << summary.dump(2) << "\n";
    return 0;
}

json linkageJson(const LinkageMatrix& z) {
    json a = json::array();
    for (const auto& r : z) a.push_back({static_cast<int64_t>(r[0]), static_cast<int64_t>(r[1]), r[2], static_cast<int64_t>(r[3])});
    return a;
}

LinkageMethod linkageOption(const Args& a) {
    LinkageMethod m = LinkageMethod::Average;
    if (a.has("--linkage") && !parseLinkageMethod(a.get("--linkage"), m))
        throw Error("--linkage must be single, complete, average, weighted or ward, got '" + a.get("--linkage") + "'");
    return m;
}

double thresholdOption(const Args& a, double def) {
    const double t = a.getDouble("--threshold", def, -1e300, 1e300);
    if (!(t >= 0.0 && t <= 2.0))
        throw Error("--threshold must be between 0 and 2 (distances are 1 - similarity), got " + a.get("--threshold"));
    return t;
}

json matrixJson(const Eigen::MatrixXd& m) {
    json rows = json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        json row = json::array();
        for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(m(i, j));
        rows.push_back(row);
    }
    return rows;
}

std::vector<std::string> splitNames(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ',') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

// The settings `analyze` takes for one model and for agents (checked in this
// order: data, metric, units, linkage, threshold, group constraints, batch).
struct AnalyzeSettings {
    CaptureOptions capture;
    LinkageMethod linkage;
    double threshold;
    GroupConstraints constraints;
    std::string out;
};

AnalyzeSettings analyzeSettings(const Args& a, bool agents) {
    if (a.has("--text") == a.has("--token-ids")) throw UsageError("give exactly one of --text FILE or --token-ids IDS.json");
    CaptureOptions opt;
    if (a.has("--metric") && !parseMetric(a.get("--metric"), opt.metric))
        throw Error("--metric must be pearson, cosine or cka, got '" + a.get("--metric") + "'");
    if (a.has("--units")) {
        const bool known = parseUnitKind(a.get("--units"), opt.units);
        if (agents && (!known || opt.units != UnitKind::Blocks))
            throw Error("--units must be blocks with several models (agents mode compares whole blocks), got '" +
                        a.get("--units") + "'");
        if (!known) throw Error("--units must be blocks or sublayers, got '" + a.get("--units") + "'");
    }
    const LinkageMethod method = linkageOption(a);
    const double threshold = thresholdOption(a, 0.1);
    GroupConstraints constraints;
    constraints.keepFirstLast = a.has("--keep-first-last");
    constraints.maxGroupSize = static_cast<int>(a.getInt("--max-group-size", 0, 0, 1 << 20));
    opt.skipFirstToken = a.has("--skip-first-token");
    opt.batchSize = static_cast<int>(a.getInt("--batch", 8, 1, 4096));
    opt.threads = static_cast<int>(a.getInt("--threads", 0, 0, 1024));
    return {opt, method, threshold, constraints, a.get("--out", ".")};
}

// Agents mode of analyze: several MODELs are the agents of one system.
int cmdAnalyzeAgents(const Args& a) {
    const auto paths = agentPaths(a);
    if (a.has("--session")) throw UsageError("--session is for one MODEL; agents mode writes no session file yet");
    const auto [opt, method, threshold, constraints, out] = analyzeSettings(a, true);
    AgentLevel level = AgentLevel::Layers;
    if (a.has("--level") && !parseAgentLevel(a.get("--level"), level))
        throw Error("--level must be layers or agents, got '" + a.get("--level") + "'");
    const auto given = a.has("--agent-names") ? splitNames(a.get("--agent-names")) : std::vector<std::string>{};

    auto agents = loadAgents(paths, given, stderrProgress());
    const int A = static_cast<int>(agents.models.size());
    int base = -1;
    if (a.has("--base")) {
        const std::string b = a.get("--base");
        for (int k = 0; k < A; ++k)
            if (agents.names[static_cast<size_t>(k)] == b || std::to_string(k + 1) == b) base = k;
        if (base < 0) throw Error("--base must name an agent (its name or its number 1.." + std::to_string(A) + "), got '" + b + "'");
    }
    const Model& first = *agents.models.front();
    const int ctx = first.config().maxPositions;
    const int seqLen = static_cast<int>(a.getInt("--seq-len", std::min(ctx, 128), 2, 1 << 20));
    if (seqLen > ctx)
        throw Error("--seq-len " + std::to_string(seqLen) + " is longer than the model's context of " +
                    std::to_string(ctx) + " tokens");
    const int maxSeqs = static_cast<int>(a.getInt("--sequences", 64, 1, 1 << 30));
    const auto seqs = loadSequences(a, first, seqLen, maxSeqs); // agent 1's tokenizer: the vocabularies match

    const auto view = agents.view();
    const auto sim = computeAgentSimilarity(view, agents.names, seqs, opt, stderrProgress());
    const auto weights = computeWeightDifferences(view, agents.names, base, stderrProgress());
    const bool layers = level == AgentLevel::Layers;
    const Eigen::MatrixXd& S = layers ? sim.similarity : sim.agentSimilarity;
    const std::vector<std::string>& units = layers ? sim.units : sim.agents;
    const auto dist = similarityToDistance(S);
    const auto z = a.has("--contiguous") ? contiguousLinkage(dist, method) : linkage(dist, method);
    const auto groups = cutGroups(z, threshold, constraints);
    std::vector<Checkpoint> cks;
    for (const auto* m : view) cks.push_back(m->checkpoint());
    const auto plan = makeAgentPlan(cks, agents.names, level, groups);

    json agentList = json::array();
    for (int k = 0; k < A; ++k)
        agentList.push_back({{"name", agents.names[static_cast<size_t>(k)]}, {"path", paths[static_cast<size_t>(k)]},
                             {"parameters", view[static_cast<size_t>(k)]->summary().parameters}});
    json perLayer = json::array();
    for (size_t l = 0; l < weights.differenceNorm.size(); ++l)
        perLayer.push_back({{"layer", l},
                            {"difference_norm", matrixJson(weights.differenceNorm[l])},
                            {"relative_difference", matrixJson(weights.relativeDifference[l])},
                            {"weight_cosine", matrixJson(weights.weightCosine[l])},
                            {"delta_cosine", matrixJson(weights.deltaCosine[l])}});
    json result{{"agents", agentList},
                {"level", agentLevelName(level)},
                {"layers", sim.layers},
                {"units", units},
                {"metric", metricName(sim.metric)},
                {"method", sim.method},
                {"unit_kind", "blocks"},
                {"tokens", sim.tokens},
                {"sequences", sim.sequences},
                {"seq_len", seqLen},
                {"skip_first_token", opt.skipFirstToken},
                {"similarity", matrixJson(S)},
                {"agent_similarity", matrixJson(sim.agentSimilarity)},
                {"layer_units", sim.units},
                {"layer_similarity", matrixJson(sim.similarity)},
                {"linkage_method", linkageName(method)},
                {"contiguous", a.has("--contiguous")},
                {"linkage", linkageJson(z)},
                {"threshold", threshold},
                {"groups", groups},
                {"parameters", {{"baseline", plan.baselineParameters}, {"shared", plan.sharedParameters}}},
                {"bytes", {{"baseline", plan.baselineBytes}, {"shared", plan.sharedBytes}}},
                {"weights",
                 {{"base", base < 0 ? json(nullptr) : json(agents.names[static_cast<size_t>(base)])},
                  {"definition", "per layer l, w_a = all block-l tensors of agent a flattened; difference_norm = "
                                 "||w_a - w_b||; relative_difference = ||w_a - w_b|| / ||w_b||; weight_cosine = "
                                 "cos(w_a, w_b); delta_cosine = cos(w_a - r, w_b - r), r = the base agent's w or "
                                 "the mean of all agents'"},
                  {"layers", perLayer}}},
                {"plan", json::parse(agentPlanToJson(plan))}};
    if (sim.pearson.size() > 0) {
        result["pearson"] = matrixJson(layers ? sim.pearson : sim.agentPearson);
        result["cosine"] = matrixJson(layers ? sim.cosine : sim.agentCosine);
    }
    makeOutputDir(out);
    writeFileAtomic(out + "/analysis.json", result.dump(1) + "\n");

    FigureInput fig;
    fig.units = units;
    fig.similarity = S;
    fig.linkage = z;
    fig.groups = groups;
    fig.threshold = threshold;
    fig.modelName = std::to_string(A) + " agents";
    fig.metric = metricName(sim.metric);
    fig.linkageMethod = linkageName(method);
    fig.tokens = sim.tokens;
    writeAnalysisFigures(fig, out);

    std::cerr << "analyze: " << A << " agents, " << units.size() << " units (" << agentLevelName(level) << "), "
              << sim.tokens << " tokens, " << groups.size() << " groups at threshold " << threshold << "; parameters "
              << plan.baselineParameters << " -> " << plan.sharedParameters << "\n";
    std::cout << out << "/analysis.json\n";
    return 0;
}

// The calibration file (--text or --token-ids) and its SHA-256, for provenance.
json calibrationJson(const Args& a) {
    const std::string path = a.has("--text") ? a.get("--text") : a.get("--token-ids");
    const std::string bytes = readFile(path);
    const QByteArray digest =
        QCryptographicHash::hash(QByteArray::fromRawData(bytes.data(), static_cast<qsizetype>(bytes.size())),
                                 QCryptographicHash::Sha256)
            .toHex();
    return json{{"file", path}, {"kind", a.has("--text") ? "text" : "token-ids"}, {"bytes", bytes.size()},
                {"sha256", digest.toStdString()}};
}

int cmdAnalyze(const std::vector<std::string>& rest) {
    Args a(rest, {"--contiguous", "--keep-first-last", "--skip-first-token"},
           {"--text", "--token-ids", "--seq-len", "--sequences", "--metric", "--units", "--linkage", "--threshold",
            "--max-group-size", "--batch", "--threads", "--out", "--session", "--level", "--agent-names", "--base"});
    if (agentsMode(a)) return cmdAnalyzeAgents(a);
    for (const char* o : {"--level", "--agent-names", "--base"})
        if (a.has(o)) throw UsageError(std::string(o) + " needs several MODELs (agents mode)");
    const std::string dir = requireModel(a, "analyze");
    const auto [opt, method, threshold, constraints, out] = analyzeSettings(a, false);

    auto model = Model::load(dir, stderrProgress());
    const int ctx = model->config().maxPositions;
    const int seqLen = static_cast<int>(a.getInt("--seq-len", std::min(ctx, 128), 2, 1 << 20));
    if (seqLen > ctx)
        throw Error("--seq-len " + std::to_string(seqLen) + " is longer than the model's context of " +
                    std::to_string(ctx) + " tokens");
    const int maxSeqs = static_cast<int>(a.getInt("--sequences", 64, 1, 1 << 30));
    const auto seqs = loadSequences(a, *model, seqLen, maxSeqs);

    const auto sim = computeSimilarity(*model, seqs, opt, stderrProgress());
    const auto dist = similarityToDistance(sim.similarity);
    const auto z = a.has("--contiguous") ? contiguousLinkage(dist, method) : linkage(dist, method);
    const auto groups = cutGroups(z, threshold, constraints);
    const auto plan = makePlan(model->checkpoint(), opt.units, groups);

    json simRows = json::array();
    for (Eigen::Index i = 0; i < sim.similarity.rows(); ++i) {
        json row = json::array();
        for (Eigen::Index j = 0; j < sim.similarity.cols(); ++j) row.push_back(sim.similarity(i, j));
        simRows.push_back(row);
    }
    const json result{{"units", sim.units},
                      {"metric", metricName(sim.metric)},
                      {"method", sim.method},
                      {"unit_kind", unitKindName(sim.unitKind)},
                      {"tokens", sim.tokens},
                      {"sequences", sim.sequences},
                      {"seq_len", seqLen},
                      {"skip_first_token", opt.skipFirstToken},
                      {"similarity", simRows},
                      {"linkage_method", linkageName(method)},
                      {"contiguous", a.has("--contiguous")},
                      {"linkage", linkageJson(z)},
                      {"threshold", threshold},
                      {"groups", groups},
                      {"parameters", {{"baseline", plan.baselineParameters}, {"shared", plan.sharedParameters}}},
                      {"bytes", {{"baseline", plan.baselineBytes}, {"shared", plan.sharedBytes}}},
                      {"model", {{"path", dir}, {"summary", summaryJson(model->summary())}}},
                      {"calibration", calibrationJson(a)},
                      {"plan", json::parse(planToJson(plan))}};
    makeOutputDir(out);
    writeFileAtomic(out + "/analysis.json", result.dump(1) + "\n");

    FigureInput fig;
    fig.units = sim.units;
    fig.similarity = sim.similarity;
    fig.linkage = z;
    fig.groups = groups;
    fig.threshold = threshold;
    fig.modelName = std::filesystem::path(model->checkpoint().dir).filename().string();
    fig.metric = metricName(sim.metric);
    fig.linkageMethod = linkageName(method);
    fig.tokens = sim.tokens;
    writeAnalysisFigures(fig, out);
    if (a.has("--session")) {
        SessionCalibration cal;
        cal.textPath = a.get("--text");
        cal.seqLen = seqLen;
        cal.sequences = static_cast<int>(seqs.size());
        cal.metric = opt.metric;
        cal.units = opt.units;
        cal.skipFirstToken = opt.skipFirstToken;
        SessionClustering clu;
        clu.linkage = method;
        clu.contiguous = a.has("--contiguous");
        clu.keepFirstLast = constraints.keepFirstLast;
        clu.maxGroupSize = constraints.maxGroupSize;
        clu.threshold = threshold;
        writeAnalysisSession(a.get("--session"), dir, cal, sim, clu, plan);
    }

    std::cerr << "analyze: " << sim.units.size() << " units, " << sim.tokens << " tokens, " << groups.size()
              << " groups at threshold " << threshold << "; parameters " << plan.baselineParameters << " -> "
              << plan.sharedParameters << "\n";
    std::cout << out << "/analysis.json\n";
    return 0;
}

int cmdCluster(const std::vector<std::string>& rest) {
    Args a(rest, {"--contiguous"}, {"--linkage", "--threshold"});
    if (a.positional().size() != 1) throw UsageError("cluster needs exactly one SIMILARITY.json");
    const std::string path = a.positional()[0];
    const LinkageMethod method = linkageOption(a);
    const double threshold = thresholdOption(a, 0.1);
    json j;
    try {
        j = json::parse(readFile(path));
    } catch (const json::exception& e) {
        throw Error(std::string("is not valid JSON (") + e.what() +
                        "); give an object {\"similarity\": [[...], ...]} such as the analysis.json that "
                        "'sharelens-cli analyze' writes",
                    path);
    }
    if (!j.is_object() || !j.contains("similarity") || !j["similarity"].is_array())
        throw Error("expected an object with a \"similarity\" matrix (an array of rows)", path);
    const auto& rows = j["similarity"];
    const auto n = static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd s(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto& r = rows[static_cast<size_t>(i)];
        if (!r.is_array() || static_cast<Eigen::Index>(r.size()) != n)
            throw Error("the similarity matrix is not square: row " + std::to_string(i) + " has " +
                            std::to_string(r.is_array() ? r.size() : 0) + " entries, expected " + std::to_string(n),
                        path);
        for (Eigen::Index k = 0; k < n; ++k) {
            const auto& v = r[static_cast<size_t>(k)];
            if (v.is_null()) {
                s(i, k) = std::numeric_limits<double>::quiet_NaN();
            } else if (!v.is_number()) {
                throw Error("the similarity at row " + std::to_string(i) + ", column " + std::to_string(k) +
                                " (0-based) is not a number; every entry must be a number",
                            path);
            } else {
                s(i, k) = v.get<double>();
            }
        }
    }
    try {
        validateSimilarity(s);
    } catch (const Error& e) {
        throw Error(e.detail(), path);
    }
    const auto dist = similarityToDistance(s);
    const auto z = a.has("--contiguous") ? contiguousLinkage(dist, method) : linkage(dist, method);
    std::cout << json{{"linkage", linkageJson(z)}, {"groups", cutGroups(z, threshold)}, {"threshold", threshold},
                      {"linkage_method", linkageName(method)}}
                     .dump()
              << "\n";
    return 0;
}

// The sharing plan of an analysis.json (its "plan" object) or a bare plan.
SharingPlan readPlan(const std::string& path) {
    const std::string text = readFile(path);
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(std::string("is not valid JSON (") + e.what() +
                        "); give the analysis.json that 'sharelens-cli analyze' writes, or a plan exported from "
                        "ShareLens",
                    path);
    }
    if (j.is_object() && j.contains("plan")) return planFromJson(j["plan"].dump(), path);
    return planFromJson(text, path);
}

// Provenance of a plan file: what analysis.json says about how it was made.
std::map<std::string, std::string> planProvenance(const std::string& path) {
    std::map<std::string, std::string> p{{"plan_file", path}};
    json j;
    try {
        j = json::parse(readFile(path));
    } catch (const json::exception&) {
        return p;
    }
    if (!j.is_object()) return p;
    auto str = [](const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
    for (const char* k : {"metric", "linkage_method", "threshold", "unit_kind", "tokens", "contiguous"})
        if (j.contains(k)) p[k] = str(j[k]);
    if (j.contains("model") && j["model"].is_object() && j["model"].contains("path"))
        p["analyzed_model"] = str(j["model"]["path"]);
    if (j.contains("calibration") && j["calibration"].is_object()) {
        const auto& c = j["calibration"];
        if (c.contains("file")) p["calibration_file"] = str(c["file"]);
        if (c.contains("sha256")) p["calibration_sha256"] = str(c["sha256"]);
    }
    return p;
}

// The whole --text (tokenized) or --token-ids (concatenated) as one stream.
std::vector<int32_t> loadTokenStream(const Args& a, const Model& model) {
    if (a.has("--token-ids")) {
        std::vector<int32_t> ids;
        for (const auto& s : readTokenIds(a.get("--token-ids"))) ids.insert(ids.end(), s.begin(), s.end());
        return ids;
    }
    auto tok = loadTokenizerForModel(model.checkpoint().dir, model.config().vocabSize);
    return tok->encode(readFile(a.get("--text")));
}

// One trained run in summary.json: parameters, steps, last training loss,
// mean speed, memory, validation loss (and perplexity) before and after.
json trainRunJson(const TrainResult& r, int64_t params) {
    json j{{"parameters", params}, {"steps", r.steps.size()}};
    if (!r.steps.empty()) {
        double tps = 0;
        for (const auto& s : r.steps) tps += s.tokensPerSecond;
        j["final_train_loss"] = r.steps.back().loss;
        j["mean_tokens_per_s"] = tps / static_cast<double>(r.steps.size());
        j["model_state_bytes"] = r.steps.back().modelStateBytes;
        j["peak_rss_bytes"] = r.steps.back().peakRssBytes;
    }
    if (!r.evals.empty()) {
        j["validation_loss_before"] = r.evals.front().loss;
        j["validation_perplexity_before"] = r.evals.front().perplexity;
        j["validation_loss_after"] = r.evals.back().loss;
        j["validation_perplexity_after"] = r.evals.back().perplexity;
    }
    return j;
}

// The agents plan of analysis.json (agents mode), checked against the
// agents' folders.
AgentSharingPlan readAgentPlan(const std::string& planPath, const std::vector<std::string>& paths) {
    const std::string planText = readFile(planPath);
    json pj;
    try {
        pj = json::parse(planText);
    } catch (const json::exception& e) {
        throw Error(std::string("is not valid JSON: ") + e.what(), planPath);
    }
    AgentSharingPlan plan =
        agentPlanFromJson(pj.is_object() && pj.contains("plan") ? pj["plan"].dump() : planText, planPath);
    if (plan.agents.size() != paths.size())
        throw Error("the plan was made for " + std::to_string(plan.agents.size()) + " agents, but " +
                        std::to_string(paths.size()) + " MODELs were given",
                    planPath);
    return plan;
}

// Agents mode of finetune: the shared system of an agents plan against the
// unshared agents, each agent on its own text.
int cmdFinetuneAgents(const Args& a) {
    const auto paths = agentPaths(a);
    if (a.has("--session")) throw UsageError("--session is for one MODEL; agents mode writes no session file yet");
    if (!a.has("--plan")) throw UsageError("finetune needs --plan analysis.json");
    if (a.has("--text") == a.has("--token-ids")) throw UsageError("give exactly one of --text FILE or --token-ids IDS.json");
    for (const char* o : {"--delta-rank", "--private-norms"})
        if (a.has(o)) throw UsageError(std::string(o) + " is not supported with several MODELs yet");
    const std::string dataOpt = a.has("--text") ? "--text" : "--token-ids";
    const auto dataFiles = a.all(dataOpt);
    if (dataFiles.size() != 1 && dataFiles.size() != paths.size())
        throw UsageError("give " + dataOpt + " once for all agents or once per agent (" + std::to_string(paths.size()) +
                         " MODELs, " + std::to_string(dataFiles.size()) + " " + dataOpt + ")");
    SharedInit init = SharedInit::Mean;
    if (a.has("--init") && !parseSharedInit(a.get("--init"), init))
        throw Error("--init must be mean, medoid or first, got '" + a.get("--init") + "'");
    TrainOptions o;
    o.steps = static_cast<int>(a.getInt("--steps", 100, 1, 10000000));
    o.batchSize = static_cast<int>(a.getInt("--batch", 8, 1, 4096));
    o.learningRate = a.getDouble("--lr", 3e-4, 1e-8, 10);
    o.minLearningRate = o.learningRate / 10;
    o.seed = static_cast<uint64_t>(a.getInt("--seed", 1, 0, 1LL << 62));
    o.evalEvery = static_cast<int>(a.getInt("--eval-every", std::max(1, o.steps / 10), 0, 1 << 30));
    o.threads = static_cast<int>(a.getInt("--threads", 0, 0, 1024));
    const double valFraction = a.getDouble("--val-fraction", 0.1, 0.001, 0.5);
    const std::string out = a.get("--out", ".");
    const std::string planPath = a.get("--plan");
    const AgentSharingPlan plan = readAgentPlan(planPath, paths);

    auto agents = loadAgents(paths, plan.agents, stderrProgress());
    const size_t A = agents.models.size();
    const int ctx = agents.models.front()->config().maxPositions;
    o.seqLen = static_cast<int>(a.getInt("--seq-len", std::min(ctx, 128), 2, 1 << 20));
    if (o.seqLen > ctx)
        throw Error("--seq-len " + std::to_string(o.seqLen) + " is longer than the model's context of " +
                    std::to_string(ctx) + " tokens");
    std::vector<AgentTokens> data(A);
    for (size_t k = 0; k < A; ++k) {
        const std::string file = dataFiles[dataFiles.size() == 1 ? 0 : k];
        std::vector<int32_t> ids;
        if (dataOpt == "--token-ids") {
            for (const auto& s : readTokenIds(file)) ids.insert(ids.end(), s.begin(), s.end());
        } else {
            auto tok = loadTokenizerForModel(agents.models[k]->checkpoint().dir, agents.models[k]->config().vocabSize);
            ids = tok->encode(readFile(file));
        }
        const size_t split = ids.size() - static_cast<size_t>(static_cast<double>(ids.size()) * valFraction);
        data[k].train.assign(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(split));
        data[k].validation.assign(ids.begin() + static_cast<std::ptrdiff_t>(split), ids.end());
    }

    const auto view = agents.view();
    SharedAgentsInfo info;
    auto shared = makeSharedAgents(view, plan, init, &info);
    const int64_t baseParams = systemParameterCount(view);
    std::cerr << "finetune: " << A << " agents (" << agentLevelName(plan.level) << " plan); " << baseParams << " -> "
              << info.parameters << " parameters\n";
    std::vector<Model*> baseModels, sharedModels;
    for (auto& m : agents.models) baseModels.push_back(m.get());
    for (auto& m : shared) sharedModels.push_back(m.get());

    std::ostringstream csv, valCsv;
    csv << "run,step,loss,tokens_per_s,model_state_bytes,peak_rss_bytes\n";
    valCsv << "run,agent,step,loss,perplexity\n";
    auto result = trainAgentsPair(
        baseModels, sharedModels, data, o,
        [&](PairRun r, const StepRecord& s) {
            csv << pairRunName(r) << "," << s.step << "," << std::setprecision(8) << s.loss << "," << s.tokensPerSecond
                << "," << s.modelStateBytes << "," << s.peakRssBytes << "\n";
            if (s.step % 10 == 0 || s.step == o.steps)
                std::cerr << "step " << s.step << "/" << o.steps << " " << pairRunName(r) << " loss "
                          << std::setprecision(4) << s.loss << " " << std::setprecision(0) << std::fixed
                          << s.tokensPerSecond << " tok/s\n"
                          << std::defaultfloat;
        },
        [&](PairRun r, int agent, const EvalRecord& e) {
            valCsv << pairRunName(r) << "," << plan.agents[static_cast<size_t>(agent)] << "," << e.step << ","
                   << std::setprecision(8) << e.loss << "," << e.perplexity << "\n";
        },
        stderrProgress());

    std::ostringstream agentCsv;
    agentCsv << "run,step,agent,loss\n";
    for (int r = 0; r < 2; ++r) {
        const auto& losses = r == 0 ? result.baselineAgentLoss : result.sharedAgentLoss;
        for (size_t s = 0; s < losses.size(); ++s)
            for (size_t k = 0; k < losses[s].size(); ++k)
                agentCsv << pairRunName(static_cast<PairRun>(r)) << "," << s + 1 << "," << plan.agents[k] << ","
                         << std::setprecision(8) << losses[s][k] << "\n";
    }
    json perAgent = json::array();
    for (size_t k = 0; k < A; ++k) {
        auto ev = [&](const std::vector<EvalRecord>& e) {
            return e.empty() ? json::object()
                             : json{{"validation_loss_before", e.front().loss}, {"validation_loss_after", e.back().loss}};
        };
        perAgent.push_back({{"name", plan.agents[k]},
                            {"path", paths[k]},
                            {"text", dataFiles[dataFiles.size() == 1 ? 0 : k]},
                            {"train_tokens", data[k].train.size()},
                            {"validation_tokens", data[k].validation.size()},
                            {"baseline", ev(result.baselineAgentEvals[k])},
                            {"shared", ev(result.sharedAgentEvals[k])}});
    }
    json summary{{"agents", perAgent},
                 {"level", agentLevelName(plan.level)},
                 {"baseline", trainRunJson(result.baseline, baseParams)},
                 {"shared", trainRunJson(result.shared, info.parameters)},
                 {"plan_parameters", {{"baseline", plan.baselineParameters}, {"shared", plan.sharedParameters}}},
                 {"init", sharedInitName(init)},
                 {"options", {{"steps", o.steps}, {"batch", o.batchSize}, {"seq_len", o.seqLen}, {"lr", o.learningRate},
                              {"seed", o.seed}, {"val_fraction", valFraction}}},
                 {"stop_reason", result.stopReason}};
    const auto& bs = summary["baseline"];
    const auto& ss = summary["shared"];
    if (bs.contains("model_state_bytes") && ss.contains("model_state_bytes"))
        summary["model_state_ratio"] = ss["model_state_bytes"].get<double>() / bs["model_state_bytes"].get<double>();
    if (plan.baselineParameters > 0)
        summary["plan_parameter_ratio"] =
            static_cast<double>(plan.sharedParameters) / static_cast<double>(plan.baselineParameters);

    makeOutputDir(out);
    writeFileAtomic(out + "/metrics.csv", csv.str());
    writeFileAtomic(out + "/agent_loss.csv", agentCsv.str());
    writeFileAtomic(out + "/validation.csv", valCsv.str());
    writeFileAtomic(out + "/summary.json", summary.dump(2) + "\n");
    if (!result.stopReason.empty()) throw Error("finetune stopped: " + result.stopReason);
    // The trained shared system as a shared pool: DIR/shared/pool.safetensors
    // and DIR/shared/<agent>/, each agent a model folder of its own.
    std::vector<const Model*> trained;
    for (const auto& m : shared) trained.push_back(m.get());
    auto prov = planProvenance(planPath);
    prov["finetuned_from"] = [&] {
        std::string s;
        for (const auto& p : paths) s += (s.empty() ? "" : ",") + p;
        return s;
    }();
    prov["init"] = sharedInitName(init);
    prov["steps"] = std::to_string(o.steps);
    prov["sharelens_version"] = SHARELENS_VERSION;
    exportAgentPool(trained, plan.agents, out + "/shared", DType::F32, &plan, prov);
    std::cout << summary.dump(2) << "\n";
    return 0;
}

int cmdFinetune(const std::vector<std::string>& rest) {
    Args a(rest, {"--private-norms"},
           {"--plan", "--text", "--token-ids", "--steps", "--batch", "--seq-len", "--lr", "--init", "--delta-rank",
            "--seed", "--val-fraction", "--eval-every", "--out", "--session", "--checkpoint-every", "--resume",
            "--threads"});
    if (agentsMode(a)) return cmdFinetuneAgents(a);
    const std::string dir = requireModel(a, "finetune");
    if (!a.has("--plan")) throw UsageError("finetune needs --plan analysis.json");
    if (a.has("--text") == a.has("--token-ids")) throw UsageError("give exactly one of --text FILE or --token-ids IDS.json");
    ShareOptions share;
    if (a.has("--init")) {
        SharedInit init;
        if (!parseSharedInit(a.get("--init"), init))
            throw Error("--init must be mean, medoid or first, got '" + a.get("--init") + "'");
        share.init = init;
    }
    share.deltaRank = static_cast<int>(a.getInt("--delta-rank", 0, 0, 1 << 20));
    TrainOptions o;
    o.steps = static_cast<int>(a.getInt("--steps", 100, 1, 10000000));
    o.batchSize = static_cast<int>(a.getInt("--batch", 8, 1, 4096));
    o.learningRate = a.getDouble("--lr", 3e-4, 1e-8, 10);
    o.minLearningRate = o.learningRate / 10;
    o.seed = static_cast<uint64_t>(a.getInt("--seed", 1, 0, 1LL << 62));
    o.evalEvery = static_cast<int>(a.getInt("--eval-every", std::max(1, o.steps / 10), 0, 1 << 30));
    o.threads = static_cast<int>(a.getInt("--threads", 0, 0, 1024));
    const double valFraction = a.getDouble("--val-fraction", 0.1, 0.001, 0.5);
    const std::string out = a.get("--out", ".");
    // Checkpoints go to OUT/checkpoint (every N steps and at the end); --resume
    // continues a run from such a folder and keeps checkpointing there.
    o.checkpointEvery = static_cast<int>(a.getInt("--checkpoint-every", 0, 1, 1 << 30));
    if (a.has("--resume")) o.resumeFrom = a.get("--resume");
    if (a.has("--checkpoint-every") || a.has("--resume")) o.checkpointDir = out + "/checkpoint";
    const SharingPlan plan = readPlan(a.get("--plan"));
    share.privateNorms = a.has("--private-norms") || plan.privateNorms;
    if (a.has("--session")) checkSessionIsFor(a.get("--session"), dir);

    auto baseline = Model::load(dir, stderrProgress());
    const int ctx = baseline->config().maxPositions;
    o.seqLen = static_cast<int>(a.getInt("--seq-len", std::min(ctx, 128), 2, 1 << 20));
    if (o.seqLen > ctx)
        throw Error("--seq-len " + std::to_string(o.seqLen) + " is longer than the model's context of " +
                    std::to_string(ctx) + " tokens");
    const auto ids = loadTokenStream(a, *baseline);
    const auto [trainIds, valIds] = splitTokens(ids, valFraction);

    SharedModelInfo info;
    auto shared = makeSharedModel(*baseline, plan, share, &info);
    const int64_t baseParams = baseline->summary().parameters;
    std::cerr << "finetune: " << trainIds.size() << " training and " << valIds.size() << " validation tokens; "
              << baseParams << " -> " << info.parameters << " parameters (" << info.deltaParameters
              << " in low-rank deltas)\n";

    std::ostringstream csv, valCsv;
    csv << "run,step,loss,tokens_per_s,model_state_bytes,peak_rss_bytes\n";
    valCsv << "run,step,loss,perplexity\n";
    auto result = trainPair(
        *baseline, *shared, trainIds, valIds, o,
        [&](PairRun r, const StepRecord& s) {
            csv << pairRunName(r) << "," << s.step << "," << std::setprecision(8) << s.loss << "," << s.tokensPerSecond
                << "," << s.modelStateBytes << "," << s.peakRssBytes << "\n";
            if (s.step % 10 == 0 || s.step == o.steps)
                std::cerr << "step " << s.step << "/" << o.steps << " " << pairRunName(r) << " loss "
                          << std::setprecision(4) << s.loss << " " << std::setprecision(0) << std::fixed
                          << s.tokensPerSecond << " tok/s\n"
                          << std::defaultfloat;
        },
        [&](PairRun r, const EvalRecord& e) {
            valCsv << pairRunName(r) << "," << e.step << "," << std::setprecision(8) << e.loss << "," << e.perplexity
                   << "\n";
            std::cerr << "eval step " << e.step << " " << pairRunName(r) << " validation loss " << std::setprecision(4)
                      << e.loss << "\n";
        },
        stderrProgress());

    json groups = json::array();
    for (size_t g = 0; g < plan.groups.size(); ++g) {
        json jg{{"members", plan.groups[g].members}, {"init", sharedInitName(share.init ? *share.init : plan.groups[g].init)}};
        if (g < info.medoids.size() && info.medoids[g] >= 0) jg["medoid"] = info.medoids[g];
        groups.push_back(jg);
    }
    json summary{{"baseline", trainRunJson(result.baseline, baseParams)},
                 {"shared", trainRunJson(result.shared, info.parameters)},
                 {"groups", groups},
                 {"plan_parameters", {{"baseline", plan.baselineParameters}, {"shared", plan.sharedParameters}}},
                 {"delta_parameters", info.deltaParameters},
                 {"options", {{"steps", o.steps}, {"batch", o.batchSize}, {"seq_len", o.seqLen}, {"lr", o.learningRate},
                              {"seed", o.seed}, {"private_norms", share.privateNorms}, {"delta_rank", share.deltaRank},
                              {"val_fraction", valFraction}}},
                 {"train_tokens", trainIds.size()},
                 {"validation_tokens", valIds.size()},
                 {"stop_reason", result.stopReason}};
    const auto& bs = summary["baseline"];
    const auto& ss = summary["shared"];
    if (bs.contains("model_state_bytes") && ss.contains("model_state_bytes"))
        summary["model_state_ratio"] = ss["model_state_bytes"].get<double>() / bs["model_state_bytes"].get<double>();
    if (plan.baselineParameters > 0)
        summary["plan_parameter_ratio"] =
            static_cast<double>(plan.sharedParameters) / static_cast<double>(plan.baselineParameters);
    // The comparison at the same budget on fixed validation windows, as the GUI shows it.
    std::vector<BudgetPoint> budget;
    if (result.stopReason.empty()) {
        const auto valSeqs = chunkTokens(valIds, o.seqLen, kBudgetSequences);
        if (!valSeqs.empty()) {
            std::cerr << "finetune: comparing with layer removal and int8 on " << valSeqs.size()
                      << " validation sequences\n";
            const auto original = Model::load(dir);
            budget = budgetAfterTraining(*original, *baseline, *shared, plan, valSeqs, stderrProgress());
            json jb = json::array();
            for (const auto& p : budget)
                jb.push_back({{"method", p.method}, {"parameters", p.parameters}, {"bytes", p.bytes}, {"loss", p.loss}});
            summary["budget"] = jb;
        }
    }
    if (a.has("--session")) {
        SessionRun run;
        run.textPath = a.get("--text");
        run.steps = o.steps;
        run.batchSize = o.batchSize;
        run.seqLen = o.seqLen;
        run.learningRate = o.learningRate;
        run.init = a.get("--init");
        run.privateNorms = share.privateNorms;
        run.deltaRank = share.deltaRank;
        run.seed = o.seed;
        run.baseline = result.baseline;
        run.shared = result.shared;
        run.baselineParameters = baseParams;
        run.sharedParameters = info.parameters;
        run.stopReason = result.stopReason;
        run.budget = budget;
        addRunToSession(a.get("--session"), dir, plan, run);
    }

    makeOutputDir(out);
    writeFileAtomic(out + "/metrics.csv", csv.str());
    writeFileAtomic(out + "/validation.csv", valCsv.str());
    writeFileAtomic(out + "/summary.json", summary.dump(2) + "\n");
    if (!result.stopReason.empty()) throw Error("finetune stopped: " + result.stopReason);
    auto prov = planProvenance(a.get("--plan"));
    prov["sharelens_version"] = SHARELENS_VERSION;
    prov["finetuned_from"] = dir;
    prov["seed"] = std::to_string(o.seed);
    prov["steps"] = std::to_string(o.steps);
    prov["lr"] = std::to_string(o.learningRate);
    prov["training_data"] = a.has("--text") ? a.get("--text") : a.get("--token-ids");
    saveCompact(*shared, out + "/shared", DType::F32, prov);
    std::cout << summary.dump(2) << "\n";
    return 0;
}

// Baselines at a similar parameter budget, evaluated on the same sequences.
// Bytes are those of the unique tensors as float32 (int8: int8 weights +
// float32 scales + the other tensors as float32).
int cmdCompare(const std::vector<std::string>& rest) {
    Args a(rest, {"--json"}, {"--plan", "--text", "--token-ids", "--seq-len", "--sequences"});
    const std::string dir = requireModel(a, "compare");
    if (!a.has("--plan")) throw UsageError("compare needs --plan analysis.json");
    if (a.has("--text") == a.has("--token-ids")) throw UsageError("give exactly one of --text FILE or --token-ids IDS.json");
    const SharingPlan plan = readPlan(a.get("--plan"));
    auto baseline = Model::load(dir, stderrProgress());
    const int ctx = baseline->config().maxPositions;
    const int seqLen = static_cast<int>(a.getInt("--seq-len", std::min(ctx, 128), 2, 1 << 20));
    if (seqLen > ctx)
        throw Error("--seq-len " + std::to_string(seqLen) + " is longer than the model's context of " +
                    std::to_string(ctx) + " tokens");
    const int maxSeqs = static_cast<int>(a.getInt("--sequences", 64, 1, 1 << 30));
    const auto seqs = loadSequences(a, *baseline, seqLen, maxSeqs);

    const auto progress = stderrProgress();
    std::vector<BudgetPoint> rows;
    std::cerr << "Evaluating baseline\n";
    rows.push_back(budgetPoint("baseline", *baseline, seqs, progress));
    {
        ShareOptions share;
        share.init = SharedInit::Mean;
        share.privateNorms = plan.privateNorms;
        auto shared = makeSharedModel(*baseline, plan, share);
        std::cerr << "Evaluating shared\n";
        rows.push_back(budgetPoint("shared", *shared, seqs, progress));
    }
    std::cerr << "Evaluating layer removal and int8\n";
    for (auto& r : budgetBaselines(*baseline, plan, seqs, progress)) rows.push_back(std::move(r));
    const auto removed = layersToRemoveForPlan(plan);
    if (a.has("--json")) {
        json arr = json::array();
        for (const auto& r : rows)
            arr.push_back({{"method", r.method}, {"parameters", r.parameters}, {"bytes", r.bytes}, {"loss", r.loss}});
        json removedJ = removed;
        std::cout << json{{"methods", arr}, {"removed_layers", removedJ}, {"sequences", seqs.size()}}.dump(2) << "\n";
        return 0;
    }
    std::cout << std::left << std::setw(24) << "method" << std::right << std::setw(14) << "parameters"
              << std::setw(14) << "bytes" << std::setw(12) << "loss" << std::setw(12) << "perplexity" << "\n";
    for (const auto& r : rows)
        std::cout << std::left << std::setw(24) << r.method << std::right << std::setw(14) << r.parameters
                  << std::setw(14) << r.bytes << std::setw(12) << std::fixed << std::setprecision(4) << r.loss
                  << std::setw(12) << std::setprecision(2) << std::exp(r.loss) << "\n";
    std::cout << "removed layers:";
    for (int l : removed) std::cout << " " << l;
    std::cout << "\n";
    return 0;
}

DType dtypeOption(const Args& a, const Model& model) {
    if (!a.has("--dtype")) {
        DType d = DType::F32;
        if (parseDType(model.checkpoint().dominantDtype(), d) && (d == DType::F16 || d == DType::BF16)) return d;
        return DType::F32;
    }
    const std::string v = a.get("--dtype");
    if (v == "f32") return DType::F32;
    if (v == "f16") return DType::F16;
    if (v == "bf16") return DType::BF16;
    throw Error("--dtype must be f32, f16 or bf16, got '" + v + "'");
}

// export with several MODELs: the tied system of an agents plan as a shared
// pool (DIR/pool.safetensors and DIR/<agent>/ per agent).
int cmdExportPool(const Args& a) {
    const auto paths = agentPaths(a);
    if (!a.has("--plan")) throw UsageError("export with several MODELs needs --plan analysis.json (an agents-mode analysis)");
    if (a.get("--format") != "pool") throw UsageError("several MODELs are exported as a shared pool: use --format pool");
    for (const char* o : {"--delta-rank", "--private-norms"})
        if (a.has(o)) throw UsageError(std::string(o) + " is not supported with several MODELs yet");
    SharedInit init = SharedInit::Mean;
    if (a.has("--init") && !parseSharedInit(a.get("--init"), init))
        throw Error("--init must be mean, medoid or first, got '" + a.get("--init") + "'");
    std::string out = a.get("--out");
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    const std::string planPath = a.get("--plan");
    const AgentSharingPlan plan = readAgentPlan(planPath, paths);
    auto agents = loadAgents(paths, plan.agents, stderrProgress());
    for (const auto& m : agents.models) {
        std::error_code ec;
        if (std::filesystem::equivalent(out, m->checkpoint().dir, ec))
            throw Error("--out is one of the models being exported; choose another folder", out);
    }
    SharedAgentsInfo info;
    const auto shared = makeSharedAgents(agents.view(), plan, init, &info);
    std::vector<const Model*> system;
    for (const auto& m : shared) system.push_back(m.get());
    auto prov = planProvenance(planPath);
    std::string sources;
    for (const auto& p : paths) sources += (sources.empty() ? "" : ",") + p;
    prov["source"] = sources;
    prov["init"] = sharedInitName(init);
    prov["sharelens_version"] = SHARELENS_VERSION;
    const DType storage = dtypeOption(a, *agents.models.front());
    const auto parent = std::filesystem::path(out).parent_path();
    if (!parent.empty()) makeOutputDir(parent.string());
    std::cerr << "export: writing a shared pool of " << system.size() << " agents (" << dtypeName(storage) << ") to "
              << out << "\n";
    const auto r = exportAgentPool(system, agents.names, out, storage, &plan, prov, stderrProgress());
    json list = json::array();
    for (size_t k = 0; k < system.size(); ++k)
        list.push_back({{"name", agents.names[k]},
                        {"folder", out + "/" + agents.names[k]},
                        {"file_bytes", r.agentFileBytes[k]},
                        {"stored_parameters", r.agentParameters[k]}});
    std::cout << json{{"format", "pool"},
                      {"out", out},
                      {"dtype", dtypeName(storage)},
                      {"pool_id", r.poolId},
                      {"pool_bytes", r.poolFileBytes},
                      {"pool_parameters", r.poolParameters},
                      {"parameters", info.parameters},
                      {"agents", list}}
                     .dump(2)
              << "\n";
    return 0;
}

int cmdExport(const std::vector<std::string>& rest) {
    Args a(rest, {"--private-norms"}, {"--plan", "--format", "--out", "--init", "--delta-rank", "--dtype"});
    if (!a.has("--out") && agentsMode(a)) throw UsageError("export needs --out DIR");
    if (agentsMode(a)) return cmdExportPool(a);
    if (a.get("--format") == "pool") throw UsageError("--format pool needs several MODELs (the agents of the plan)");
    const std::string dir = requireModel(a, "export");
    if (!a.has("--format")) throw UsageError("export needs --format compact, hf or pool");
    if (!a.has("--out")) throw UsageError("export needs --out DIR");
    const std::string format = a.get("--format");
    if (format != "compact" && format != "hf") throw Error("--format must be compact or hf, got '" + format + "'");
    ShareOptions share;
    if (a.has("--init")) {
        SharedInit init;
        if (!parseSharedInit(a.get("--init"), init))
            throw Error("--init must be mean, medoid or first, got '" + a.get("--init") + "'");
        share.init = init;
    }
    share.deltaRank = static_cast<int>(a.getInt("--delta-rank", 0, 0, 1 << 20));
    share.privateNorms = a.has("--private-norms");
    std::string out = a.get("--out");
    while (out.size() > 1 && out.back() == '/') out.pop_back();

    std::optional<SharingPlan> plan;
    if (a.has("--plan")) plan = readPlan(a.get("--plan"));
    auto model = Model::load(dir, stderrProgress());
    {
        std::error_code ec;
        if (std::filesystem::equivalent(out, model->checkpoint().dir, ec))
            throw Error("--out is the model being exported; choose another folder", out);
    }
    std::map<std::string, std::string> prov;
    std::unique_ptr<Model> shared;
    const Model* toWrite = model.get();
    if (plan) {
        share.privateNorms = share.privateNorms || plan->privateNorms;
        SharedModelInfo info;
        shared = makeSharedModel(*model, *plan, share, &info);
        toWrite = shared.get();
        prov = planProvenance(a.get("--plan"));
        prov["source"] = dir;
    } else {
        if (model->checkpoint().compactFormat.empty())
            throw UsageError("export needs --plan analysis.json (only a compact checkpoint can be exported without one)");
        if (a.has("--init") || a.has("--private-norms") || a.has("--delta-rank"))
            throw UsageError("--init, --private-norms and --delta-rank apply only with --plan");
    }
    prov["sharelens_version"] = SHARELENS_VERSION;
    const DType storage = dtypeOption(a, *model);
    const auto parent = std::filesystem::path(out).parent_path();
    if (!parent.empty()) makeOutputDir(parent.string());
    std::cerr << "export: writing " << (format == "hf" ? "a Hugging Face folder" : "a compact checkpoint") << " ("
              << dtypeName(storage) << ") to " << out << "\n";
    if (format == "compact")
        saveCompact(*toWrite, out, storage, prov);
    else
        exportHuggingFace(*toWrite, out, storage, prov);
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(std::filesystem::path(out) / "model.safetensors", ec);
    std::cout << json{{"format", format},
                      {"out", out},
                      {"dtype", dtypeName(storage)},
                      {"parameters", toWrite->summary().parameters},
                      {"file_bytes", ec ? 0 : bytes}}
                     .dump(2)
              << "\n";
    return 0;
}

} // namespace

int run(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string cmd = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "--version") {
        std::cout << "sharelens-cli " << SHARELENS_VERSION << "\n";
        return 0;
    }
    if (cmd == "info") return cmdInfo(rest);
    if (cmd == "eval") return cmdEval(rest);
    if (cmd == "pretrain") return cmdPretrain(rest);
    if (cmd == "analyze") return cmdAnalyze(rest);
    if (cmd == "cluster") return cmdCluster(rest);
    if (cmd == "finetune") return cmdFinetune(rest);
    if (cmd == "compare") return cmdCompare(rest);
    if (cmd == "session") return cmdSession(rest);
    if (cmd == "report") return cmdReport(rest);
    if (cmd == "export") return cmdExport(rest);
    throw UsageError("unknown command '" + cmd + "'");
}

} // namespace sharelens::cli
