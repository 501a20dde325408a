// Training loop for a Model (see sharelens/trainer.h).
#include "sharelens/trainer.h"

#include <chrono>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include "analysis/capture_batches.h"
#include "dist/collectives.h"
#include "model/model_impl.h"
#include "sharelens/data.h"
#include "sharelens/distributed.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"
#include "sharelens/resources.h"
#include "io/torch_guard.h"
#include "train/lean.h"
#include "train/train_state.h"

namespace sharelens {

namespace trainer_detail {

double scheduledRate(const TrainOptions& o, int step) {
    const int warm = std::max(1, static_cast<int>(std::lround(o.warmupFraction * o.steps)));
    if (step < warm) return o.learningRate * (step + 1) / warm;
    const double p = o.steps > warm ? static_cast<double>(step - warm) / (o.steps - warm) : 1.0;
    return o.minLearningRate + 0.5 * (o.learningRate - o.minLearningRate) * (1 + std::cos(M_PI * p));
}

torch::Tensor windows(const std::vector<int32_t>& tokens, const std::vector<size_t>& starts, int len) {
    auto t = torch::empty({static_cast<int64_t>(starts.size()), len}, torch::kInt64);
    auto a = t.accessor<int64_t, 2>();
    for (size_t b = 0; b < starts.size(); ++b)
        for (int i = 0; i < len; ++i) a[static_cast<int64_t>(b)][i] = tokens[starts[b] + static_cast<size_t>(i)];
    return t;
}

void checkTrainingMemory(const ModelConfig& cfg, const std::vector<int64_t>& parameters, const TrainOptions& o,
                         int64_t teacherParameters) {
    if (o.scope != TrainScope::All || o.checkpointing)
        return checkLeanTrainingMemory(cfg, parameters, o, teacherParameters);
    const int workers = captureWorkers(o.threads, static_cast<size_t>(std::max(1, o.batchSize)));
    auto need = estimateTraining(cfg, parameters, o.batchSize, o.seqLen, workers);
    distill::addTeacherMemory(need, cfg, teacherParameters, o);
    const std::string distillHint = o.distill == DistillMode::None ? "" : ", or no distillation (--distill none)";
    requireMemory(need, "training",
                  (workers > 1 ? "use a smaller batch or sequence length, or fewer step workers (--threads 1 on the "
                                 "command line)"
                               : "use a smaller batch or sequence length") +
                      distillHint);
}

void checkOptions(const TrainOptions& o, size_t trainTokens, size_t valTokens, int maxPositions) {
    if (o.steps < 1) throw Error(ErrorCode::TrainStepsMustLeast, {});
    if (o.batchSize < 1) throw Error(ErrorCode::AgentsBatchSizeMustLeast, {});
    if (o.seqLen < 2) throw Error(ErrorCode::TrainSequenceLengthMustLeast, {});
    if (o.seqLen > maxPositions)
        throw Error(ErrorCode::TrainSequenceLengthExceedsModelS,
                    {std::to_string(o.seqLen), std::to_string(maxPositions)});
    if (!(o.learningRate > 0) || !std::isfinite(o.learningRate))
        throw Error(ErrorCode::TrainLearningRateMustPositiveNumber, {});
    if (trainTokens < static_cast<size_t>(o.seqLen) + 1)
        throw Error(ErrorCode::TrainTrainingTextTokensFewerThan,
                    {std::to_string(trainTokens), std::to_string(o.seqLen + 1)});
    if (valTokens < static_cast<size_t>(o.seqLen) + 1)
        throw Error(ErrorCode::TrainValidationTextTokensFewerThan,
                    {std::to_string(valTokens), std::to_string(o.seqLen + 1)});
}

void checkTokens(const std::vector<int32_t>& tokens, int vocab, const char* what) {
    for (auto id : tokens)
        if (id < 0 || id >= vocab) throw Error(ErrorCode::TrainTokenIdOutsideVocabulary, {what, std::to_string(id)});
}

namespace {
// Where the fixed validation windows of o.seqLen + 1 tokens start: evalSequences
// of them spread evenly over the stream (none when it is shorter than one).
std::vector<size_t> validationStarts(size_t tokens, const TrainOptions& o) {
    const size_t len = static_cast<size_t>(o.seqLen) + 1;
    const size_t nVal = static_cast<size_t>(std::max(1, o.evalSequences));
    std::vector<size_t> starts;
    if (tokens < len) return starts;
    const size_t span = tokens - len;
    for (size_t i = 0; i < nVal; ++i) starts.push_back(nVal == 1 ? 0 : span * i / (nVal - 1));
    return starts;
}
} // namespace

// Fixed validation windows spread over the validation stream.
torch::Tensor validationWindows(const std::vector<int32_t>& tokens, const TrainOptions& o) {
    return windows(tokens, validationStarts(tokens.size(), o), o.seqLen + 1);
}

std::vector<std::vector<int32_t>> validationSequences(const std::vector<int32_t>& tokens, const TrainOptions& o) {
    std::vector<std::vector<int32_t>> out;
    const auto len = static_cast<std::ptrdiff_t>(o.seqLen) + 1;
    for (size_t start : validationStarts(tokens.size(), o)) {
        const auto first = tokens.begin() + static_cast<std::ptrdiff_t>(start);
        out.emplace_back(first, first + len);
    }
    return out;
}

BatchSampler::BatchSampler(const std::vector<int32_t>& tokens, const TrainOptions& o)
    : m_tokens(tokens), m_len(o.seqLen + 1), m_batch(o.batchSize), m_rng(o.seed),
      m_pick(0, tokens.size() - static_cast<size_t>(o.seqLen + 1)) {}

// The random engine's state (the distribution keeps none), for checkpoints.
std::string BatchSampler::state() const {
    std::ostringstream os;
    os << m_rng;
    return os.str();
}

void BatchSampler::restore(const std::string& state) {
    std::istringstream is(state);
    is >> m_rng;
    if (!is) throw Error(ErrorCode::TrainTrainerCheckpointSBatchSampler, {});
}

torch::Tensor BatchSampler::next() {
    std::vector<size_t> starts;
    for (int b = 0; b < m_batch; ++b) starts.push_back(m_pick(m_rng));
    return windows(m_tokens, starts, m_len);
}

std::string nonFiniteMessage(double loss, int step) {
    return "training stopped at step " + std::to_string(step) + ": the loss became " +
           (std::isnan(loss) ? "NaN" : "infinite") + "; lower the learning rate";
}

bool evalDue(const TrainOptions& o, int done) {
    return (o.evalEvery > 0 && done % o.evalEvery == 0) || done == o.steps;
}

// ------------------------------------------------------------ checkpoints

using nlohmann::json;

// The settings a resumed run must share with the run that wrote the
// checkpoint (everything that decides the batches and the updates except the
// step count, which may be raised to extend a run).
json fingerprint(const TrainOptions& o, const char* kind) {
    return json{{"kind", kind},
                {"batch", o.batchSize},
                {"seq_len", o.seqLen},
                {"lr", o.learningRate},
                {"min_lr", o.minLearningRate},
                {"warmup_fraction", o.warmupFraction},
                {"weight_decay", o.weightDecay},
                {"grad_clip", o.gradClip},
                {"seed", o.seed}};
}

// The distillation settings a resumed run must share (none adds no keys, so
// checkpoints of runs without distillation resume as before).
json fingerprintWithDistill(const TrainOptions& o, const char* kind) {
    json j = fingerprint(o, kind);
    if (o.distill != DistillMode::None) {
        j["distill"] = distillModeName(o.distill);
        j["distill_temperature"] = o.distillTemperature;
        j["distill_weight"] = o.distillWeight;
        j["distill_hidden_weight"] = o.distillHiddenWeight;
    }
    return j;
}

json recordsJson(const TrainResult& r) {
    json steps = json::array(), evals = json::array();
    for (const auto& s : r.steps)
        steps.push_back({s.step, s.loss, s.learningRate, s.stepSeconds, s.tokensPerSecond, s.modelStateBytes,
                         s.peakRssBytes, s.crossEntropy, s.distillKl, s.distillHidden});
    for (const auto& e : r.evals) evals.push_back({e.step, e.loss, e.perplexity});
    return json{{"steps", steps}, {"evals", evals}};
}

TrainResult recordsFromJson(const json& j) {
    TrainResult r;
    for (const auto& s : j.at("steps"))
        r.steps.push_back(StepRecord{s.at(0).get<int>(), s.at(1).get<double>(), s.at(2).get<double>(),
                                     s.at(3).get<double>(), s.at(4).get<double>(), s.at(5).get<uint64_t>(),
                                     s.at(6).get<uint64_t>()});
    // Checkpoints written before the loss components have 7 fields.
    for (size_t i = 0; i < r.steps.size(); ++i) {
        const auto& s = j.at("steps").at(i);
        auto& rec = r.steps[i];
        rec.crossEntropy = s.size() > 9 ? s.at(7).get<double>() : rec.loss;
        if (s.size() > 9) {
            rec.distillKl = s.at(8).get<double>();
            rec.distillHidden = s.at(9).get<double>();
        }
    }
    for (const auto& e : j.at("evals"))
        r.evals.push_back(EvalRecord{e.at(0).get<int>(), e.at(1).get<double>(), e.at(2).get<double>()});
    return r;
}

// One checkpoint: the models' trainers, their records, the step reached and
// the sampler's state, as one LibTorch archive written atomically.
void writeCheckpoint(const TrainOptions& o, const char* kind, int done, const BatchSampler& sampler,
                     const std::vector<std::pair<const ModelTrainer*, const TrainResult*>>& runs) {
    if (!dist::isWriter()) return; // every rank holds the same state; rank 0 writes it
    std::error_code ec;
    std::filesystem::create_directories(o.checkpointDir, ec);
    if (ec) throw Error(ErrorCode::TrainCannotCreateCheckpointFolder, {ec.message()}, o.checkpointDir);
    json runsJson = json::array();
    for (const auto& r : runs) runsJson.push_back(recordsJson(*r.second));
    const json meta{{"format", "sharelens-trainer-checkpoint"},
                    {"version", 1},
                    {"settings", fingerprintWithDistill(o, kind)},
                    {"steps_planned", o.steps},
                    {"step", done},
                    {"sampler", sampler.state()},
                    {"runs", runsJson}};
    torch::serialize::OutputArchive archive;
    archive.write("meta", c10::IValue(meta.dump()));
    for (size_t i = 0; i < runs.size(); ++i) runs[i].first->save(archive, "run" + std::to_string(i) + "_");
    std::ostringstream os;
    archive.save_to(os);
    writeFileAtomic((std::filesystem::path(o.checkpointDir) / kTrainerCheckpointFile).string(), os.str());
}

// Restores the trainers and the sampler from o.resumeFrom; returns the step
// reached and the records so far, one TrainResult per run.
std::pair<int, std::vector<TrainResult>> readCheckpoint(const TrainOptions& o, const char* kind, BatchSampler& sampler,
                                                        const std::vector<ModelTrainer*>& trainers) {
    std::filesystem::path path(o.resumeFrom);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) path /= kTrainerCheckpointFile;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error(ErrorCode::TrainNoTrainerCheckpointResumeExpected, {kTrainerCheckpointFile}, path.string());
    torch::serialize::InputArchive archive;
    json meta;
    try {
        archive.load_from(path.string());
        c10::IValue m;
        archive.read("meta", m);
        checkJsonDepth(m.toStringRef(), path.string());
        meta = json::parse(m.toStringRef());
    } catch (const Error&) {
        throw;
    } catch (const std::exception&) {
        throw Error(ErrorCode::TrainNotShareLensTrainerCheckpointDamaged, {}, path.string());
    }
    if (meta.value("format", "") != "sharelens-trainer-checkpoint" || meta.value("version", 0) != 1)
        throw Error(ErrorCode::TrainNotShareLensTrainerCheckpointKnown, {}, path.string());
    const json want = fingerprintWithDistill(o, kind);
    const json& have = meta.at("settings");
    for (const auto& [key, value] : want.items()) {
        if (!have.contains(key) || have.at(key) != value)
            throw Error(ErrorCode::TrainCheckpointWrittenRunResumeSettings,
                        {key, (have.contains(key) ? have.at(key).dump() : std::string("(none)")), value.dump()},
                        path.string());
    }
    if (meta.at("runs").size() != trainers.size())
        throw Error(ErrorCode::TrainCheckpointHoldsModelsRunTrains,
                    {std::to_string(meta.at("runs").size()), std::to_string(trainers.size())}, path.string());
    try {
        for (size_t i = 0; i < trainers.size(); ++i) trainers[i]->load(archive, "run" + std::to_string(i) + "_");
    } catch (const Error& e) {
        throw Error(ErrorCode::Text, {e.fullMessage()}, path.string());
    }
    sampler.restore(meta.at("sampler").get<std::string>());
    std::vector<TrainResult> records;
    for (const auto& r : meta.at("runs")) records.push_back(recordsFromJson(r));
    return {meta.at("step").get<int>(), records};
}

void setLossParts(StepRecord& r, const distill::Values& v) {
    r.crossEntropy = v.crossEntropy;
    r.distillKl = v.kl;
    r.distillHidden = v.hidden;
}

bool checkpointDue(const TrainOptions& o, int done) {
    if (o.checkpointDir.empty()) return false;
    if (o.checkpointEvery > 0 && done % o.checkpointEvery == 0) return true;
    if (done == o.steps) return true;
    return o.checkpointRequested && o.checkpointRequested();
}

} // namespace trainer_detail

using namespace trainer_detail;

std::vector<torch::Tensor> uniqueParameters(const torch::nn::Module& m) {
    std::set<const void*> seen;
    std::vector<torch::Tensor> out;
    for (const auto& p : m.parameters(/*recurse=*/true))
        if (seen.insert(p.unsafeGetTensorImpl()).second) out.push_back(p);
    return out;
}

std::vector<torch::Tensor> uniqueParameters(const std::vector<CausalLM*>& nets) {
    std::set<const void*> seen;
    std::vector<torch::Tensor> out;
    for (const auto* net : nets)
        for (const auto& p : net->parameters(/*recurse=*/true))
            if (seen.insert(p.unsafeGetTensorImpl()).second) out.push_back(p);
    return out;
}

uint64_t peakResidentBytes() {
    // VmHWM follows resetPeakResident(); getrusage's ru_maxrss does not.
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024u; // "VmHWM:  1234 kB"
    struct rusage ru {};
    if (::getrusage(RUSAGE_SELF, &ru) != 0) return 0;
    return static_cast<uint64_t>(ru.ru_maxrss) * 1024u; // KiB on Linux
}

bool resetPeakResident() {
    // Linux 4.0+: writing 5 to clear_refs sets the peak to the current RSS.
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return static_cast<bool>(clear);
}

ModelTrainer::ModelTrainer(CausalLM& net, const TrainOptions& o) : ModelTrainer(std::vector<CausalLM*>{&net}, o) {}

ModelTrainer::ModelTrainer(std::vector<CausalLM*> nets, const TrainOptions& o) : m_nets(std::move(nets)), m_options(o) {
    setUp(uniqueParameters(m_nets));
}

ModelTrainer::ModelTrainer(CausalLM& net, const TrainOptions& o, std::vector<torch::Tensor> trainable)
    : m_nets{&net}, m_options(o) {
    setUp(std::move(trainable));
}

void ModelTrainer::setUp(std::vector<torch::Tensor> trainable) {
    const auto& o = m_options;
    for (auto* net : m_nets) {
        m_oldCompute.push_back(net->computeDtype());
        net->setComputeDtype(o.compute);
    }
    m_params = std::move(trainable);
    std::set<const void*> trained;
    for (const auto& p : m_params) trained.insert(p.unsafeGetTensorImpl());
    for (const auto& p : uniqueParameters(m_nets))
        if (!trained.count(p.unsafeGetTensorImpl())) m_frozenBytes += static_cast<uint64_t>(p.nbytes());
    // Decay matrices, not norms and biases.
    std::vector<torch::Tensor> decay, noDecay;
    for (auto& p : m_params) {
        if (p.scalar_type() != torch::kFloat32) p.set_data(p.detach().to(torch::kFloat32)); // float32 master
        p.set_requires_grad(true);
        (p.dim() >= 2 ? decay : noDecay).push_back(p);
    }
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay,
                        std::make_unique<torch::optim::AdamWOptions>(
                            torch::optim::AdamWOptions(o.learningRate).betas({0.9, 0.95}).weight_decay(o.weightDecay)));
    groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(
                                     torch::optim::AdamWOptions(o.learningRate).betas({0.9, 0.95}).weight_decay(0.0)));
    m_opt = std::make_unique<torch::optim::AdamW>(groups);
    for (auto* net : m_nets) {
        net->train();
        net->setCheckpointing(o.checkpointing);
    }
    m_workers = captureWorkers(o.threads, static_cast<size_t>(std::max(1, o.batchSize)));
}

ModelTrainer::~ModelTrainer() {
    // In reverse: a net listed twice (agents that are one model) ends with its first setting.
    for (size_t k = m_nets.size(); k-- > 0;) m_nets[k]->setComputeDtype(m_oldCompute[k]);
    for (auto* net : m_nets) {
        net->eval();
        net->setCheckpointing(false);
    }
    for (auto& p : m_params) {
        p.set_requires_grad(false);
        p.mutable_grad() = torch::Tensor();
    }
}

double ModelTrainer::step(const torch::Tensor& ids, double lr) { return step(std::vector<torch::Tensor>{ids}, lr); }

double ModelTrainer::step(const std::vector<torch::Tensor>& ids, double lr, std::vector<double>* losses) {
    if (ids.size() != m_nets.size()) throw Error(ErrorCode::TrainInternalOneBatchPerTrained, {});
    for (auto& g : m_opt->param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
    // Drop the gradients rather than zeroing them (PyTorch's set_to_none):
    // backward then writes fresh gradient buffers instead of a memset
    // followed by an accumulate into them.
    for (auto& p : m_params) p.mutable_grad() = torch::Tensor();
    // A system of several models trains on the sum of their losses, so a
    // tensor tied between them gets the sum of their gradients.
    const int64_t rows = ids.front().size(0);
    const int chunks = static_cast<int>(std::min<int64_t>(m_workers, rows));
    if (losses) losses->clear();
    if (m_teacher) m_teacherOut = distill::teacherOutputs(*m_teacher, ids.front(), m_options);
    m_lastLosses = {};
    const double value = dist::active() ? backwardRank(ids, losses)
                         : chunks <= 1  ? backwardWhole(ids, losses)
                                        : backwardChunks(ids, chunks, losses);
    m_teacherOut = {};
    if (!std::isfinite(value)) return value;
    if (m_options.gradClip > 0) torch::nn::utils::clip_grad_norm_(m_params, m_options.gradClip);
    m_opt->step();
    return value;
}

// The whole batch on this thread: the nets' losses, and (when finite) their
// sum's gradients in .grad.
double ModelTrainer::backwardWhole(const std::vector<torch::Tensor>& ids, std::vector<double>* losses) {
    double value = 0;
    torch::Tensor loss;
    for (size_t k = 0; k < m_nets.size(); ++k) {
        auto l = netLoss(k, ids[k], 0, &m_lastLosses);
        const double v = l.item<double>();
        if (losses) losses->push_back(v);
        value += v / static_cast<double>(m_nets.size());
        loss = k == 0 ? l : loss + l;
    }
    if (!std::isfinite(value)) return value;
    loss.backward();
    return value;
}

double ModelTrainer::backwardChunks(const std::vector<torch::Tensor>& ids, int chunks, std::vector<double>* losses) {
    double value = 0;
    // Data-parallel: chunk c takes rows [rows c / chunks, rows (c+1) / chunks)
    // of every net's batch. All windows have the same length, so the
    // batch's mean loss is the chunks' mean losses weighted by their
    // rows; each chunk's weighted loss is differentiated on its own
    // thread (torch::autograd::grad: nothing shared is written) and the
    // gradients are summed in chunk order, so the result does not
    // depend on which thread finishes first.
    struct Part {
        std::vector<double> losses;
        distill::Values parts;
        std::vector<torch::Tensor> grads;
        std::exception_ptr error;
    };
    std::vector<Part> parts(static_cast<size_t>(chunks));
    auto run = [&](int c) {
        Part& part = parts[static_cast<size_t>(c)];
        try {
            torch::AutoGradMode gradMode(true);
            torch::Tensor loss;
            for (size_t k = 0; k < m_nets.size(); ++k) {
                const int64_t n = ids[k].size(0);
                const int64_t r0 = n * c / chunks, r1 = n * (c + 1) / chunks;
                auto l = netLoss(k, ids[k].narrow(0, r0, r1 - r0), r0, &part.parts) *
                         (static_cast<double>(r1 - r0) / static_cast<double>(n));
                part.parts.crossEntropy *= static_cast<double>(r1 - r0) / static_cast<double>(n);
                part.parts.kl *= static_cast<double>(r1 - r0) / static_cast<double>(n);
                part.parts.hidden *= static_cast<double>(r1 - r0) / static_cast<double>(n);
                part.losses.push_back(l.item<double>());
                loss = k == 0 ? l : loss + l;
            }
            part.grads = torch::autograd::grad({loss}, m_params, {}, /*retain_graph=*/false,
                                               /*create_graph=*/false, /*allow_unused=*/true);
        } catch (...) {
            part.error = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    for (int c = 1; c < chunks; ++c) threads.emplace_back(run, c);
    run(0);
    for (auto& t : threads) t.join();
    for (const auto& part : parts) {
        if (part.error) std::rethrow_exception(part.error);
        m_lastLosses.crossEntropy += part.parts.crossEntropy;
        m_lastLosses.kl += part.parts.kl;
        m_lastLosses.hidden += part.parts.hidden;
    }
    for (size_t k = 0; k < m_nets.size(); ++k) {
        double v = 0;
        for (const auto& part : parts) v += part.losses[k];
        if (losses) losses->push_back(v);
        value += v / static_cast<double>(m_nets.size());
    }
    if (!std::isfinite(value)) return value;
    for (size_t i = 0; i < m_params.size(); ++i) {
        // Out of place, and a lone contribution copied: autograd may
        // hand one tensor to several inputs, and clipping scales .grad
        // in place.
        torch::Tensor sum;
        int terms = 0;
        for (auto& part : parts) {
            auto& g = part.grads[i];
            if (!g.defined()) continue;
            sum = terms++ ? sum + g : g;
            g = torch::Tensor();
        }
        m_params[i].mutable_grad() = terms == 1 ? sum.clone() : sum;
    }
    return value;
}

torch::Tensor ModelTrainer::netLoss(size_t k, const torch::Tensor& ids, int64_t r0, distill::Values* parts) {
    if (m_teacher && k == 0)
        return distill::studentLoss(*m_nets[k], ids, m_teacherOut.rows(r0, ids.size(0)), m_options, parts);
    auto l = nextTokenLoss(*m_nets[k], ids);
    if (parts && k == 0) *parts = distill::Values{l.item<double>(), 0, 0};
    return l;
}

void ModelTrainer::setTeacher(CausalLM* teacher) {
    if (teacher && m_nets.size() != 1)
        throw Error(std::string("internal: distillation trains one model, not a system of ") +
                    std::to_string(m_nets.size()));
    m_teacher = teacher;
}

EvalRecord ModelTrainer::evaluate(const torch::Tensor& ids, int step, size_t net) {
    auto& m = *m_nets.at(net);
    m.eval();
    std::vector<int64_t> lengths(static_cast<size_t>(ids.size(0)), ids.size(1));
    auto [sum, count] = nextTokenLossSum(m, ids, lengths);
    m.train();
    const double loss = sum / static_cast<double>(count);
    return EvalRecord{step, loss, std::exp(loss)};
}

uint64_t ModelTrainer::modelStateBytes() const {
    uint64_t bytes = m_frozenBytes;
    auto add = [&](const torch::Tensor& t) {
        if (t.defined()) bytes += static_cast<uint64_t>(t.nbytes());
    };
    for (const auto& p : m_params) {
        add(p);
        add(p.grad());
    }
    for (const auto& kv : m_opt->state()) {
        const auto& st = static_cast<const torch::optim::AdamWParamState&>(*kv.second);
        add(st.exp_avg());
        add(st.exp_avg_sq());
        add(st.max_exp_avg_sq());
    }
    return bytes;
}

size_t ModelTrainer::optimizerStates() const { return m_opt->state().size(); }

void ModelTrainer::save(torch::serialize::OutputArchive& archive, const std::string& prefix) const {
    archive.write(prefix + "count", c10::IValue(static_cast<int64_t>(m_params.size())));
    for (size_t i = 0; i < m_params.size(); ++i)
        archive.write(prefix + "p" + std::to_string(i), m_params[i].detach(), /*is_buffer=*/true);
    torch::serialize::OutputArchive opt(archive.compilation_unit());
    m_opt->save(opt);
    archive.write(prefix + "optimizer", opt);
}

void ModelTrainer::load(torch::serialize::InputArchive& archive, const std::string& prefix) {
    c10::IValue count;
    if (!archive.try_read(prefix + "count", count) || !count.isInt() ||
        count.toInt() != static_cast<int64_t>(m_params.size()))
        throw Error(ErrorCode::TrainCheckpointSModelDifferentNumber, {});
    std::vector<torch::Tensor> loaded(m_params.size());
    for (size_t i = 0; i < m_params.size(); ++i) {
        if (!archive.try_read(prefix + "p" + std::to_string(i), loaded[i], /*is_buffer=*/true) ||
            loaded[i].sizes() != m_params[i].sizes() || loaded[i].scalar_type() != m_params[i].scalar_type())
            throw Error(ErrorCode::TrainCheckpointSParameterTensorDoes, {std::to_string(i)});
    }
    torch::serialize::InputArchive opt;
    if (!archive.try_read(prefix + "optimizer", opt)) throw Error(ErrorCode::TrainCheckpointNoOptimizerState, {});
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < m_params.size(); ++i) m_params[i].copy_(loaded[i]);
    m_opt->load(opt);
}

TrainResult train(Model& model, const std::vector<int32_t>& trainTokens, const std::vector<int32_t>& validationTokens,
                  const TrainOptions& o, const std::function<void(const StepRecord&)>& onStep,
                  const std::function<void(const EvalRecord&)>& onEval, const Progress& progress) {
    auto& net = *model.impl().net;
    const auto& cfg = model.config();
    checkOptions(o, trainTokens.size(), validationTokens.size(), cfg.maxPositions);
    checkTokens(trainTokens, cfg.vocabSize, "training");
    checkTokens(validationTokens, cfg.vocabSize, "validation");
    auto trainable = scopeTensors(model, nullptr, o);
    distill::checkOptions(o, cfg);
    checkTrainingMemory(cfg, {tensorElements(trainable)}, o, 0); // a teacher is loaded by now

    return guardTorch("", [&] {
        torch::manual_seed(o.seed);
        BatchSampler sampler(trainTokens, o);
        auto valIds = validationWindows(validationTokens, o);
        ModelTrainer trainer(net, o, std::move(trainable));
        if (o.distill != DistillMode::None) trainer.setTeacher(o.teacher->impl().net.get());

        TrainResult result;
        int first = 0;
        if (!o.resumeFrom.empty()) {
            auto [done, records] = readCheckpoint(o, "train", sampler, {&trainer});
            first = done;
            result = std::move(records.front());
            for (const auto& r : result.steps)
                if (onStep) onStep(r);
            for (const auto& e : result.evals)
                if (onEval) onEval(e);
        }
        auto checkpoint = [&](int done) { writeCheckpoint(o, "train", done, sampler, {{&trainer, &result}}); };
        resetPeakResident(); // the memory chart shows this run's own peak
        for (int step = first; step < o.steps; ++step) {
            if (progress.cancelled()) {
                if (!o.checkpointDir.empty()) checkpoint(step);
                result.stop = StopReason::Cancelled;
                break;
            }
            const auto t0 = std::chrono::steady_clock::now();
            auto ids = sampler.next();
            const double lr = scheduledRate(o, step);
            const double lossValue = trainer.step(ids, lr);
            if (!std::isfinite(lossValue)) {
                result.stop = StopReason::NonFinite;
                result.stopMessage = nonFiniteMessage(lossValue, step + 1);
                break;
            }
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            StepRecord r{step + 1,
                         lossValue,
                         lr,
                         secs,
                         static_cast<double>(o.batchSize) * o.seqLen / secs,
                         trainer.modelStateBytes(),
                         peakResidentBytes()};
            setLossParts(r, trainer.lastLosses());
            result.steps.push_back(r);
            if (onStep) onStep(r);
            progress.report("Training", 1, 1, static_cast<double>(step + 1) / o.steps);
            if (evalDue(o, step + 1)) {
                result.evals.push_back(trainer.evaluate(valIds, step + 1));
                if (onEval) onEval(result.evals.back());
            }
            if (checkpointDue(o, step + 1)) checkpoint(step + 1);
        }
        return result;
    });
}

const char* pairRunName(PairRun r) { return r == PairRun::Baseline ? "baseline" : "shared"; }

const char* stopReasonName(StopReason r) {
    switch (r) {
    case StopReason::Cancelled: return "cancelled";
    case StopReason::NonFinite: return "non-finite";
    default: return "completed";
    }
}

std::string stopReasonText(StopReason reason, const std::string& message) {
    if (reason == StopReason::Completed) return {};
    if (reason == StopReason::Cancelled) return "cancelled";
    return message;
}

namespace {

// The inputs trainPair refuses, in the order it checks them.
void checkPairInputs(const Model& baseline, const Model& shared, const std::vector<int32_t>& trainTokens,
                     const std::vector<int32_t>& validationTokens, const TrainOptions& o) {
    const auto& cfg = baseline.config();
    const auto& scfg = shared.config();
    if (cfg.vocabSize != scfg.vocabSize || cfg.numLayers != scfg.numLayers || cfg.hiddenSize != scfg.hiddenSize)
        throw Error(ErrorCode::TrainSharedModelNotMadeBaseline, {});
    if (baseline.impl().net == shared.impl().net) throw Error(ErrorCode::TrainBaselineSharedModelMustTwo, {});
    checkOptions(o, trainTokens.size(), validationTokens.size(), std::min(cfg.maxPositions, scfg.maxPositions));
    checkTokens(trainTokens, cfg.vocabSize, "training");
    checkTokens(validationTokens, cfg.vocabSize, "validation");
    distill::checkOptions(o, scfg);
}

// Hands the records of the `first` steps read from a checkpoint on in the
// order the first run produced them: evaluations at step 0, then per step
// both models' records (alternating which goes first) and that step's
// evaluations.
void replayPairRecords(int first, TrainResult* const runs[2],
                       const std::function<void(PairRun, const StepRecord&)>& onStep,
                       const std::function<void(PairRun, const EvalRecord&)>& onEval) {
    size_t nextEval[2] = {0, 0};
    auto evalsUpTo = [&](int step) {
        for (int r = 0; r < 2; ++r)
            for (; nextEval[r] < runs[r]->evals.size() && runs[r]->evals[nextEval[r]].step <= step; ++nextEval[r])
                if (onEval) onEval(static_cast<PairRun>(r), runs[r]->evals[nextEval[r]]);
    };
    evalsUpTo(0);
    for (int s = 0; s < first; ++s) {
        for (int k = 0; k < 2; ++k) {
            const int r = (s + k) % 2;
            if (static_cast<size_t>(s) < runs[r]->steps.size() && onStep)
                onStep(static_cast<PairRun>(r), runs[r]->steps[static_cast<size_t>(s)]);
        }
        evalsUpTo(s + 1);
    }
}

} // namespace

PairResult trainPair(Model& baseline, Model& shared, const std::vector<int32_t>& trainTokens,
                     const std::vector<int32_t>& validationTokens, const TrainOptions& o,
                     const std::function<void(PairRun, const StepRecord&)>& onStep,
                     const std::function<void(PairRun, const EvalRecord&)>& onEval, const Progress& progress) {
    checkPairInputs(baseline, shared, trainTokens, validationTokens, o);
    // The baseline trains the same positions as the shared model (its plan).
    auto sharedTrainable = scopeTensors(shared, nullptr, o);
    auto baseTrainable = scopeTensors(baseline, shared.impl().plan ? &*shared.impl().plan : nullptr, o);
    checkTrainingMemory(baseline.config(), {tensorElements(baseTrainable), tensorElements(sharedTrainable)}, o,
                        0); // a teacher is loaded by now

    return guardTorch("", [&] {
        torch::manual_seed(o.seed);
        BatchSampler sampler(trainTokens, o);
        auto valIds = validationWindows(validationTokens, o);
        ModelTrainer trainers[2] = {ModelTrainer(*baseline.impl().net, o, std::move(baseTrainable)),
                                    ModelTrainer(*shared.impl().net, o, std::move(sharedTrainable))};
        if (o.distill != DistillMode::None) trainers[1].setTeacher(o.teacher->impl().net.get());
        PairResult result;
        TrainResult* runs[2] = {&result.baseline, &result.shared};
        auto evaluate = [&](int r, int step) {
            runs[r]->evals.push_back(trainers[r].evaluate(valIds, step));
            if (onEval) onEval(static_cast<PairRun>(r), runs[r]->evals.back());
        };
        int first = 0;
        if (!o.resumeFrom.empty()) {
            auto [done, records] = readCheckpoint(o, "pair", sampler, {&trainers[0], &trainers[1]});
            first = done;
            result.baseline = std::move(records[0]);
            result.shared = std::move(records[1]);
            replayPairRecords(first, runs, onStep, onEval);
        } else if (o.evalEvery > 0) {
            // Before training; with evalEvery 0 the models are evaluated only at the end.
            evaluate(0, 0);
            evaluate(1, 0);
        }
        auto checkpoint = [&](int done) {
            writeCheckpoint(o, "pair", done, sampler, {{&trainers[0], runs[0]}, {&trainers[1], runs[1]}});
        };
        resetPeakResident(); // the memory chart shows this run's own peak
        for (int step = first; step < o.steps; ++step) {
            if (progress.cancelled()) {
                result.stop = StopReason::Cancelled;
                if (!o.checkpointDir.empty()) checkpoint(step);
                break;
            }
            auto ids = sampler.next();
            const double lr = scheduledRate(o, step);
            for (int k = 0; k < 2; ++k) {
                const int r = (step + k) % 2; // alternate which model goes first
                const auto t0 = std::chrono::steady_clock::now();
                const double loss = trainers[r].step(ids, lr);
                const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                if (!std::isfinite(loss)) {
                    result.stop = StopReason::NonFinite;
                    result.stopMessage = std::string("the ") + pairRunName(static_cast<PairRun>(r)) + " model's " +
                                         nonFiniteMessage(loss, step + 1);
                    break;
                }
                StepRecord rec{step + 1,
                               loss,
                               lr,
                               secs,
                               static_cast<double>(o.batchSize) * o.seqLen / secs,
                               trainers[r].modelStateBytes(),
                               peakResidentBytes()};
                setLossParts(rec, trainers[r].lastLosses());
                runs[r]->steps.push_back(rec);
                if (onStep) onStep(static_cast<PairRun>(r), rec);
            }
            if (result.stop != StopReason::Completed) break;
            progress.report("Training baseline and shared", 1, 1, static_cast<double>(step + 1) / o.steps);
            if (evalDue(o, step + 1)) {
                evaluate(0, step + 1);
                evaluate(1, step + 1);
            }
            if (checkpointDue(o, step + 1)) checkpoint(step + 1);
        }
        return result;
    });
}

} // namespace sharelens
