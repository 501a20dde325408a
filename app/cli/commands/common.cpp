// The pieces the commands share (see commands.h).
#include "commands.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "progress_lines.h"
#include "sharelens/error.h"
#include "sharelens/export.h"
#include "sharelens/input_limits.h"
#include "sharelens/model.h"
#include "sharelens/tensor_set.h"
#include "sharelens/tokenizer.h"

namespace sharelens::cli {

Args::Args(const std::vector<std::string>& a, const std::vector<std::string>& flags,
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

std::string Args::get(const std::string& k, const std::string& def) const {
    auto it = m_values.find(k);
    return it == m_values.end() ? def : it->second;
}

long long Args::getInt(const std::string& k, long long def, long long lo, long long hi) const {
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

double Args::getDouble(const std::string& k, double def, double lo, double hi) const {
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

std::vector<std::string> Args::all(const std::string& k) const {
    auto it = m_all.find(k);
    return it == m_all.end() ? std::vector<std::string>{} : it->second;
}

// Progress on stderr, throttled, one line rewritten in place on a terminal.
Progress stderrProgress(std::ostream& err) {
    if (progresslines::enabled()) return progresslines::stageProgress();
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    return Progress(
        [last, &err](const ProgressInfo& p) {
            const auto now = std::chrono::steady_clock::now();
            if (p.fraction < 1.0 && now - *last < std::chrono::milliseconds(500)) return;
            *last = now;
            // A local stream, so err's formatting stays untouched.
            std::ostringstream line;
            line << "[" << p.stageIndex << "/" << p.stageCount << "] " << p.stage << " " << std::fixed
                 << std::setprecision(1) << 100.0 * p.fraction << "%\n";
            err << line.str();
        },
        nullptr);
}

json summaryJson(const ModelSummary& s) {
    return json{{"architecture", s.architecture},
                {"model_type", s.modelType},
                {"layers", s.layers},
                {"hidden_size", s.hiddenSize},
                {"heads", s.heads},
                {"kv_heads", s.kvHeads},
                {"vocab_size", s.vocabSize},
                {"intermediate_size", s.intermediateSize},
                {"context", s.maxPositions},
                {"parameters", s.parameters},
                {"dtype", s.dtype},
                {"tensors", s.tensorCount},
                {"bytes", s.bytes},
                {"format", s.format},
                {"tokenizer", s.tokenizer}};
}

// Creates an output folder (and parents); a clear error when it cannot.
std::vector<std::string> inputFiles(const Args& a) {
    std::vector<std::string> files;
    for (const char* o : {"--plan", "--text", "--token-ids"})
        for (const auto& f : a.all(o)) files.push_back(f);
    return files;
}

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

Checkpoint openModelCheckpoint(const Args& a, const std::string& dir, const Io& io) {
    const bool allow = a.has("--allow-unused");
    Checkpoint ck = openCheckpoint(dir, OpenOptions{allow});
    if (!allow) return ck;
    const auto unused = unusedTensors(ck);
    if (unused.empty()) return ck;
    io.err << "warning: ignoring " << unused.size() << " tensors that a " << ck.config.architectureName()
           << " model as configured does not use:";
    for (size_t i = 0; i < unused.size() && i < 10; ++i) io.err << " " << unused[i];
    io.err << (unused.size() > 10 ? " ...\n" : "\n");
    return ck;
}

std::unique_ptr<Model> openModel(const Args& a, const std::string& dir, const Io& io) {
    return Model::load(openModelCheckpoint(a, dir, io), stderrProgress(io.err));
}

std::unique_ptr<Model> openModelAsStored(const Args& a, const std::string& dir, const Io& io) {
    return loadModelInStorageDtype(openModelCheckpoint(a, dir, io), stderrProgress(io.err));
}

ComputeDtype computeOption(const Args& a) {
    ComputeDtype d = ComputeDtype::Float32;
    if (a.has("--compute") && !parseComputeDtype(a.get("--compute"), d))
        throw Error(ErrorCode::CliComputeUnknown, {a.get("--compute")});
    return d;
}

void requireOneDataSource(const Args& a) {
    if (a.has("--text") == a.has("--token-ids"))
        throw UsageError("give exactly one of --text FILE or --token-ids IDS.json");
}

workflow::TokenSource tokenSource(const Args& a) {
    using Kind = workflow::TokenSource::Kind;
    if (a.has("--token-ids")) return {Kind::TokenIds, a.get("--token-ids")};
    return {Kind::Text, a.get("--text")};
}

int seqLenOption(const Args& a) { return static_cast<int>(a.getInt("--seq-len", 0, 2, 1 << 20)); }

// Sequences from --text (tokenized and chunked) or --token-ids (as given).
int sequencesOption(const Args& a, int textDefault) {
    if (a.has("--token-ids") && !a.has("--sequences")) return 0;
    return static_cast<int>(a.getInt("--sequences", textDefault, 1, 1 << 30));
}

Sequences loadSequences(const Args& a, const Model& model, int seqLen, int maxSeqs, std::ostream* notes) {
    requireOneDataSource(a);
    if (a.has("--token-ids")) {
        auto seqs = readTokenIds(a.get("--token-ids"));
        if (maxSeqs > 0 && static_cast<int>(seqs.size()) > maxSeqs) {
            if (notes)
                *notes << "sharelens-cli: note: using the first " << maxSeqs << " of the " << seqs.size()
                       << " sequences in " << a.get("--token-ids") << " (--sequences " << maxSeqs << "); "
                       << seqs.size() - static_cast<size_t>(maxSeqs) << " dropped\n";
            seqs.resize(static_cast<size_t>(maxSeqs));
        }
        return seqs;
    }
    const std::string path = a.get("--text");
    // Only the start of the text is needed: maxSeqs sequences of seqLen tokens.
    const std::string text =
        maxSeqs > 0
            ? readTextPrefix(path, textBytesForTokens(static_cast<uint64_t>(maxSeqs) * static_cast<uint64_t>(seqLen)))
            : readTextFile(path);
    auto tok = loadTokenizerForModel(model.checkpoint().dir, model.config().vocabSize);
    // Each window starts the way the model was trained (with its BOS when
    // the tokenizer adds one); only the start of the text they take is
    // tokenized.
    auto seqs = encodeWindows(*tok, text, seqLen, maxSeqs);
    if (seqs.empty())
        throw Error("the text has " + std::to_string(tok->encode(text).size()) +
                        " tokens, fewer than one sequence of " + std::to_string(seqLen) +
                        "; use a longer text or a smaller --seq-len",
                    path);
    return seqs;
}

json linkageJson(const LinkageMatrix& z) {
    json a = json::array();
    for (const auto& r : z)
        a.push_back({static_cast<int64_t>(r[0]), static_cast<int64_t>(r[1]), r[2], static_cast<int64_t>(r[3])});
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

std::optional<SharedInit> initOption(const Args& a) {
    if (!a.has("--init")) return std::nullopt;
    SharedInit init;
    if (!parseSharedInit(a.get("--init"), init))
        throw Error("--init must be mean, medoid, first or laco, got '" + a.get("--init") + "'");
    return init;
}

std::optional<DType> dtypeChoice(const Args& a) {
    if (!a.has("--dtype")) return std::nullopt;
    const std::string v = a.get("--dtype");
    if (v == "f32") return DType::F32;
    if (v == "f16") return DType::F16;
    if (v == "bf16") return DType::BF16;
    throw Error("--dtype must be f32, f16 or bf16, got '" + v + "'");
}

DType dtypeOption(const Args& a, const Model& model) {
    if (const auto chosen = dtypeChoice(a)) return *chosen;
    DType d = DType::F32;
    if (parseDType(model.checkpoint().dominantDtype(), d) && (d == DType::F16 || d == DType::BF16)) return d;
    return DType::F32;
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

// A plan or analysis.json, bounded in size and nesting.
std::string readPlanFile(const std::string& path) {
    std::string text = readInputFile(path, kMaxJsonFileBytes, "a plan or analysis.json", "a sharing plan",
                                     "give the analysis.json that 'sharelens-cli analyze' writes.");
    checkJsonDepth(text, path);
    return text;
}

// The sharing plan of an analysis.json (its "plan" object) or a bare plan.
SharingPlan readPlan(const std::string& path) {
    const std::string text = readPlanFile(path);
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

// The agents plan of analysis.json (agents mode), checked against the
// agents' folders.
AgentSharingPlan readAgentPlan(const std::string& planPath, const std::vector<std::string>& paths) {
    const std::string planText = readPlanFile(planPath);
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

} // namespace sharelens::cli
