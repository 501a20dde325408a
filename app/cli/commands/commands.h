// The command-line tool's commands, one file each, and the pieces they
// share: the option parser, the output streams, progress on stderr and the
// readers of plans, token sources and options.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "sharelens/agents.h"
#include "sharelens/analysis.h"
#include "sharelens/checkpoint.h"
#include "sharelens/cluster.h"
#include "sharelens/compute.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/progress.h"
#include "sharelens/session.h"
#include "sharelens/trainer.h"
#include "sharelens/workflow.h"

#ifndef SHARELENS_VERSION
#define SHARELENS_VERSION "0.0.0"
#endif

namespace sharelens::cli {

using json = nlohmann::json;

// Where a command writes: results to out, progress and notes to err.
struct Io {
    std::ostream& out;
    std::ostream& err;
};

using Command = int (*)(const std::vector<std::string>& rest, const Io& io);

int cmdInfo(const std::vector<std::string>& rest, const Io& io);
int cmdEval(const std::vector<std::string>& rest, const Io& io);
int cmdPretrain(const std::vector<std::string>& rest, const Io& io);
int cmdAnalyze(const std::vector<std::string>& rest, const Io& io);
int cmdCluster(const std::vector<std::string>& rest, const Io& io);
int cmdFinetune(const std::vector<std::string>& rest, const Io& io);
int cmdCompare(const std::vector<std::string>& rest, const Io& io);
// `curve MODEL --plan analysis.json (--text FILE | --token-ids IDS.json) [--out DIR]`: the pruning curve.
int cmdCurve(const std::vector<std::string>& rest, const Io& io);
int cmdExport(const std::vector<std::string>& rest, const Io& io);
// `session FILE [--json]`: a summary of the session, or its contents as JSON
// (normalised: what ShareLens reads back).
int cmdSession(const std::vector<std::string>& rest, const Io& io);
// `report SESSION [--out FILE.pdf]`: the session as a PDF report.
int cmdReport(const std::vector<std::string>& rest, const Io& io);

// `tokenize MODEL|tokenizer.json (--text FILE | --string S) [--json] [--add-special]`:
// the ids and pieces of a text and their count.
int cmdTokenize(const std::vector<std::string>& rest, const Io& io);

// A tiny option parser: positional arguments and --name [value] flags.
class Args {
public:
    Args(const std::vector<std::string>& a, const std::vector<std::string>& flags,
         const std::vector<std::string>& valued);
    bool has(const std::string& k) const { return m_values.count(k) > 0; }
    std::string get(const std::string& k, const std::string& def = {}) const;
    long long getInt(const std::string& k, long long def, long long lo, long long hi) const;
    double getDouble(const std::string& k, double def, double lo, double hi) const;
    const std::vector<std::string>& positional() const { return m_positional; }
    // Every value of an option given several times, in order.
    std::vector<std::string> all(const std::string& k) const;

private:
    std::map<std::string, std::string> m_values;
    std::map<std::string, std::vector<std::string>> m_all;
    std::vector<std::string> m_positional;
};

// Progress on `err`, throttled, one line per report.
Progress stderrProgress(std::ostream& err);

// Creates an output folder (and parents); a clear error when it cannot.
void makeOutputDir(const std::string& dir);
// Several MODELs, or one folder holding a shared-pool export (its agents).
bool agentsMode(const Args& a);
// The agents' folders: the MODELs, or the agent folders of a pool folder.
std::vector<std::string> agentPaths(const Args& a);
std::string requireModel(const Args& a, const std::string& cmd);
// MODEL's checkpoint, its tensors checked against its config.json; with
// --allow-unused (a flag of every command that opens a model) tensors the
// architecture does not use are named in a warning on stderr and ignored.
Checkpoint openModelCheckpoint(const Args& a, const std::string& dir, const Io& io);
// The model of openModelCheckpoint, loaded (progress on stderr).
std::unique_ptr<Model> openModel(const Args& a, const std::string& dir, const Io& io);
// The same, F16 and BF16 matrices kept in their stored dtype (mapped): for
// commands that run forward passes or write the weights out (analyze, eval,
// compare, curve, export); a 1 B BF16 export then holds the file, not twice it.
std::unique_ptr<Model> openModelAsStored(const Args& a, const std::string& dir, const Io& io);
// --compute f32|bf16 (default f32); throws Error naming the bad value.
ComputeDtype computeOption(const Args& a);
// Usage error unless exactly one of --text and --token-ids is given.
void requireOneDataSource(const Args& a);
// --text FILE or --token-ids IDS.json as a token source (the last value given).
workflow::TokenSource tokenSource(const Args& a);
// The --seq-len asked for (0 when not given: the workflow's default).
int seqLenOption(const Args& a);
// Sequences from --text (tokenized and chunked) or --token-ids (as given).
Sequences loadSequences(const Args& a, const Model& model, int seqLen, int maxSeqs, std::ostream* notes = nullptr);
// --sequences: how many calibration sequences to use (0 = all). A token-id
// file is used whole unless --sequences is given; text is cut into at most
// `textDefault` windows.
int sequencesOption(const Args& a, int textDefault);

json summaryJson(const ModelSummary& s);
json linkageJson(const LinkageMatrix& z);
json matrixJson(const Eigen::MatrixXd& m);
LinkageMethod linkageOption(const Args& a);
double thresholdOption(const Args& a, double def);
// --init as given (unset when absent); Error when it is not a known init.
std::optional<SharedInit> initOption(const Args& a);
// --dtype f32|f16|bf16 as given (unset when absent); Error naming a bad value.
std::optional<DType> dtypeChoice(const Args& a);
// --dtype, else the dtype `model`'s checkpoint stores its weights in when
// F16 or BF16, else F32.
DType dtypeOption(const Args& a, const Model& model);
std::vector<std::string> splitNames(const std::string& s);

// The sharing plan of an analysis.json (its "plan" object) or a bare plan.
SharingPlan readPlan(const std::string& path);
// The text of a plan or analysis.json (size and depth checked).
std::string readPlanFile(const std::string& path);
// analysis.json's importance object (importance_json.cpp): written by
// analyze --importance; read back (none when the file has none).
json importanceJson(const ImportanceResult& importance);
std::optional<ImportanceResult> readImportance(const std::string& path);
// The agents plan of analysis.json (agents mode), checked against the agents' folders.
AgentSharingPlan readAgentPlan(const std::string& planPath, const std::vector<std::string>& paths);

// Session files: `analyze --session FILE` writes one (replacing it),
// `finetune --session FILE` adds its run to one (created with the plan when
// missing; Error when it is about another model, checked before long work
// by checkSessionIsFor).
void writeAnalysisSession(const std::string& path, const std::string& modelDir, const SessionCalibration& calibration,
                          const SimilarityResult& similarity, const SessionClustering& clustering,
                          const SharingPlan& plan);
void addRunToSession(const std::string& path, const std::string& modelDir, const SharingPlan& plan,
                     const SessionRun& run);
void checkSessionIsFor(const std::string& path, const std::string& modelDir);
// True when `path` holds a ShareLens session (its "format" marker).
bool isSessionFile(const std::string& path);
// Before long work: a session FILE to write is not one of the command's
// `inputs` (OutIsInput) and, when it exists, is a regular, writable
// ShareLens session (OutNotRegularFile, OutReadOnly, OutExistsNotOurs).
void checkSessionOutput(const std::string& path, const std::vector<std::string>& inputs);
// The files a command reads besides MODEL: every --plan, --text and --token-ids.
std::vector<std::string> inputFiles(const Args& a);

} // namespace sharelens::cli
