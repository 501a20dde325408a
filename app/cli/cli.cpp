// sharelens-cli: the command-line tool (see docs for the command-line
// contract). Progress goes to stderr, results to stdout or files; bad input
// exits 1 with a one-line reason, bad usage exits 2.
#include "cli.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>
#include <new>

#include "commands/commands.h"
#include "launch.h"
#include "progress_lines.h"
#include "sharelens/distributed.h"
#include "sharelens/error.h"

namespace sharelens::cli {

namespace {

const char* kUsage = R"(Usage: sharelens-cli COMMAND [options]

Commands:
  --version                 print the version
  info MODEL [--json]       architecture, layers, sizes, parameters, dtype, bytes,
                            and what of the file ShareLens ignores
  tokenize MODEL|tokenizer.json (--text FILE | --string S) [--json] [--add-special]
                            the token ids, pieces and count of a text (no
                            special tokens unless --add-special: then those
                            the tokenizer's template adds, e.g. BOS);
                            --json: {"ids": [..], "pieces": [..], "count": N}
  eval MODEL (--text FILE | --token-ids IDS.json) [--seq-len L] [--sequences N] [--json]
       [--compute f32|bf16] [--tasks FILE.jsonl] [--stride S [--window W]]
                            mean next-token cross-entropy; --compute: the
                            dtype of the matrix products (f32 exact, the
                            default; bf16 faster: bfloat16 products, float32
                            norms, softmax and sums); also on analyze,
                            finetune (mixed precision, float32 master
                            weights) and compare; --tasks:
                            multiple-choice accuracy (acc, acc_norm and
                            their standard errors) of a JSONL file of
                            {"context", "choices", "label"} items; --stride:
                            perplexity of the same tokens in windows of W
                            (default: the model's context) S apart, each
                            scoring the tokens the previous did not
  analyze MODEL (--text FILE | --token-ids IDS.json) [--seq-len L] [--sequences N]
          [--metric pearson|cosine|cka] [--units blocks|sublayers]
          [--linkage average|complete|single|weighted|ward] [--threshold T]
          [--contiguous] [--keep-first-last] [--max-group-size K]
          [--skip-first-token] [--batch B] [--threads N] [--out DIR] [--session FILE]
          [--compute f32|bf16] [--launch N]
          [--importance [--angular-tokens all|last] [--removal-steps K | --no-leave-one-out]]
                            layer similarity, clustering and a sharing plan;
                            writes DIR/analysis.json and heatmap/dendrogram
                            figures (PNG, SVG, PDF); --session also writes a
                            session file the GUI opens; --threads: capture
                            workers (default: one per CPU; the result does not
                            depend on it); --importance adds block influence,
                            angular distance of n-block spans (every token or
                            the last of each sequence), the loss with each
                            block removed and a greedy removal order (K
                            removals, default until one block is left;
                            --no-leave-one-out: neither) to analysis.json's
                            "importance" and DIR/importance.{png,svg,pdf,csv},
                            DIR/angular.{png,svg,pdf}
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
           [--lr LR] [--seed K] [--val-fraction F] [--dtype f32|f16|bf16] [--force]
                            train a small byte-level model from scratch
                            (this is how the built-in demo model is made);
                            DIR must be new, empty or an earlier pretrain
                            output unless --force
  finetune MODEL --plan analysis.json (--text FILE | --token-ids IDS.json)
           [--steps S] [--batch B] [--seq-len L] [--lr LR] [--init mean|medoid|first|laco]
           [--private-norms] [--delta-rank R] [--seed K] [--val-fraction F]
           [--eval-every N] [--out DIR] [--session FILE] [--checkpoint-every N]
           [--resume CKPT_DIR] [--threads N] [--compute f32|bf16] [--force]
           [--train all|shared] [--baseline run|skip] [--checkpointing]
           [--tasks FILE.jsonl] [--launch N]
           [--distill none|logits|hidden|both] [--distill-temperature T]
           [--distill-weight W] [--distill-hidden-weight H] [--dtype f32|f16|bf16]
                            build the shared model from the plan and train it
                            and the unshared baseline on the same batches,
                            then compare with layer removal and int8 on the
                            validation text; --session adds the run to FILE;
                            writes DIR/metrics.csv, DIR/validation.csv,
                            DIR/summary.json and DIR/shared/ (the trained
                            shared model as a compact checkpoint, in MODEL's
                            stored dtype unless --dtype says otherwise);
                            --checkpoint-every saves the whole training state
                            to DIR/checkpoint every N steps and at the end,
                            --resume continues a run from such a folder (same
                            settings) to --steps; --threads: step workers,
                            each on a slice of the batch (default one per
                            CPU; losses agree to rounding across counts);
                            --force replaces a DIR/shared that is not an
                            earlier export; --train shared trains only the
                            shared groups (their deltas and private norms),
                            everything else frozen; --baseline skip trains
                            no baseline (the comparison uses it untrained);
                            --checkpointing recomputes each block in the
                            backward pass (less memory); the memory estimate
                            is printed first and a mode that does not fit is
                            refused with the cheapest one that does;
                            --distill heals the shared model
                            against the frozen original: loss = (1-W) CE +
                            W T^2 KL (logits; T default 1, W 0.5) + H MSE of
                            the block outputs (hidden; H default 1); both:
                            all three terms
  finetune MODEL MODEL [MODEL ...] --plan analysis.json (--text FILE ...)
                            agents mode: --text (or --token-ids) once for all
                            agents or once per agent, in MODEL order; trains
                            the shared system and the unshared agents on the
                            same batches; DIR/shared/ is the trained system
                            as a shared pool (see export --format pool)
  compare MODEL --plan analysis.json (--text FILE | --token-ids IDS.json)
          [--seq-len L] [--sequences N] [--json] [--compute f32|bf16]
          [--tasks FILE.jsonl] [--stride S [--window W]]
          [--baselines removal,last-k,int8,bi,angular,linear-map]
          [--init mean|medoid|first|laco]
                            validation loss, parameters and bytes of the
                            baseline, the shared model (untrained; --init,
                            mean by default),
                            removal of the layers the plan shares, dropping the
                            last k layers (k = layers the plan saves) and int8
                            weight quantization, on the same sequences;
                            --baselines chooses them (default
                            removal,last-k,int8); bi removes the k blocks of
                            lowest block influence, angular the k-block span
                            of lowest angular distance (both need an
                            analysis.json from analyze --importance);
                            linear-map: the k-block span with the best
                            least-squares linear map in its place, fitted on
                            the N windows after the evaluated ones; with
                            --tasks / --stride each method's task accuracy
                            and stride perplexity as for eval
  curve MODEL --plan analysis.json (--text FILE | --token-ids IDS.json)
        [--seq-len L] [--sequences N] [--out DIR] [--thresholds T1,T2,..]
        [--max-removed K] [--json]
                            the pruning curve without fine-tuning: validation
                            loss against parameters kept for sharing at
                            successive thresholds (default: every merge height
                            of the analysis's tree), removing the k blocks of
                            lowest block influence, the k-block span of lowest
                            angular distance (both need analyze --importance)
                            and dropping the last k blocks, k = 1..K; writes
                            DIR/curve.csv and DIR/curve.{png,svg,pdf}
  session SESSION.sharelens [--json]
                            what a session file holds (--json: all of it)
  report SESSION.sharelens [--out FILE.pdf] [--analysis analysis.json] [--curve curve.csv]
                            the session as a PDF report (default: SESSION.pdf);
                            --analysis adds the block influence and angular
                            distance of analyze --importance, --curve the
                            pruning curve of curve, on a last page
  export MODEL [--plan analysis.json] --format compact|hf --out DIR
         [--init mean|medoid|first|laco] [--private-norms] [--delta-rank R]
         [--dtype f32|f16|bf16] [--force]
                            write the shared model of the plan as a compact
                            checkpoint (each shared tensor stored once, the
                            sharing map, plan and provenance in its metadata)
                            or as a plain Hugging Face folder (every layer
                            written out, tokenizer files, sharelens-recipe.json);
                            DIR is replaced as a whole or not at all, and
                            only when it is new, empty or an earlier export
                            (--force: any folder). A compact
                            MODEL needs no --plan. --dtype defaults to the
                            model's

  export MODEL MODEL [MODEL ...] --plan analysis.json --format pool --out DIR
         [--init mean|medoid|first|laco] [--dtype f32|f16|bf16] [--force]
                            agents mode: the shared system of an agents plan
                            as DIR/pool.safetensors (every tensor two or more
                            agents use, once) and DIR/<agent>/ per agent (a
                            compact checkpoint of its private tensors that
                            takes the rest from ../pool.safetensors); each
                            DIR/<agent> is a MODEL of its own, DIR as the one
                            MODEL of analyze/finetune stands for all agents
--launch N (analyze, finetune) runs the command as N local processes that
split the calibration batches (analyze) or every training batch (finetune)
and add their sums in a fixed order; rank 0 writes the outputs.
--progress-json (analyze, finetune): every rank writes its progress to
stderr as lines 'sharelens-progress {JSON}' with its rank, the stage and
fraction done (tokens/s while capturing) or each training step and tokens/s. Started by
torchrun or mpirun instead, each process reads RANK, WORLD_SIZE, MASTER_ADDR
and MASTER_PORT (and SHARELENS_DIST_TIMEOUT, seconds, default 300).
MODEL is a Hugging Face model folder (config.json + safetensors, sharded
safetensors or a PyTorch state_dict), a ShareLens compact checkpoint or a
GGUF file (llama.cpp; llama, qwen2 and qwen3 models with F32, F16, BF16 or
Q8_0 tensors, read-only). IDS.json is a JSON array of token-id
sequences, e.g. [[15, 7, 99], [3, 4]]; analyze and compare use all of them
unless --sequences N is given (text: at most 64 windows of --seq-len tokens
unless --sequences N). --seq-len may equal the model's context.
A MODEL's tensors must be the ones its config.json describes: info, eval,
analyze, finetune, compare and export (one MODEL) refuse tensors the
architecture does not use unless --allow-unused is given (they are then named
in a warning and ignored).
In models with sliding-window and global attention layers (Gemma 2/3),
finetune, compare and export (one MODEL) refuse a plan whose group ties layers
of both types unless --allow-mixed-attention is given.
)";

// analyze and finetune: with --launch N as N local workers; with the
// environment of a distributed job (WORLD_SIZE > 1) as one rank of it,
// where ranks other than 0 write nothing (their errors still reach stderr).
int dispatchDistributed(const std::string& cmd, std::vector<std::string> rest, const Io& io) {
    const Command command = cmd == "analyze" ? cmdAnalyze : cmdFinetune;
    // --progress-json: every rank's progress as JSON lines on its own stderr
    // (passed on to the workers of --launch).
    const bool progressJson = std::find(rest.begin(), rest.end(), "--progress-json") != rest.end();
    if (progressJson) {
        progresslines::enable(true);
        rest.erase(std::find(rest.begin(), rest.end(), "--progress-json"));
    }
    const auto at = std::find(rest.begin(), rest.end(), "--launch");
    if (at != rest.end()) {
        if (at + 1 == rest.end()) throw UsageError("--launch needs a value");
        const std::string v = *(at + 1);
        char* end = nullptr;
        const long n = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end || n < 1 || n > 256)
            throw Error(ErrorCode::WholeNumberOutOfRange, {"--launch", "1", "256", v});
        rest.erase(at, at + 2);
        if (dist::fromEnvironment().world > 1) throw Error(ErrorCode::LaunchInsideJob, {});
        if (n == 1) return command(rest, io);
        rest.insert(rest.begin(), cmd);
        if (progressJson) rest.push_back("--progress-json");
        return launchWorkers(rest, static_cast<int>(n), io.err);
    }
    const auto env = dist::fromEnvironment();
    if (env.world < 2) return command(rest, io);
    dist::init(env);
    if (dist::isWriter()) return command(rest, io);
    static std::ostream discard(nullptr);
    return command(rest, Io{discard, discard});
}

int dispatch(const std::vector<std::string>& args, const Io& io) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        io.out << kUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string cmd = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "--version") {
        io.out << "sharelens-cli " << SHARELENS_VERSION << "\n";
        return 0;
    }
    if (cmd == "analyze" || cmd == "finetune") return dispatchDistributed(cmd, rest, io);
    static const std::map<std::string, Command> commands{
        {"info", cmdInfo},       {"eval", cmdEval},         {"pretrain", cmdPretrain}, {"analyze", cmdAnalyze},
        {"cluster", cmdCluster}, {"finetune", cmdFinetune}, {"compare", cmdCompare},   {"curve", cmdCurve},
        {"session", cmdSession}, {"report", cmdReport},     {"export", cmdExport},     {"tokenize", cmdTokenize}};
    const auto it = commands.find(cmd);
    if (it == commands.end()) throw UsageError("unknown command '" + cmd + "'");
    return it->second(rest, io);
}

} // namespace

namespace {

// run() without the distributed bookkeeping; `failure` gets the message of
// an error.
int runCaught(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, std::string& failure) {
    const Io io{out, err};
    std::ostringstream msg;
    int code = 0;
    try {
        return dispatch(args, io);
    } catch (const UsageError& e) {
        msg << "sharelens-cli: " << e.what() << "\nTry 'sharelens-cli --help'.\n";
        failure = e.what();
        code = 2;
    } catch (const Cancelled&) {
        msg << "sharelens-cli: cancelled\n";
        failure = "cancelled";
        code = 130;
    } catch (const Error& e) {
        msg << "sharelens-cli: error: " << e.what() << "\n";
        failure = e.what();
        code = 1;
    } catch (const std::bad_alloc&) {
        const std::string what = args.empty() ? std::string("sharelens-cli") : "sharelens-cli " + args[0];
        failure = Error(ErrorCode::OutOfMemory, {what}).what();
        msg << "sharelens-cli: error: " << failure << "\n";
        code = 1;
    } catch (const std::exception& e) {
        msg << "sharelens-cli: internal error: " << e.what() << "\n";
        failure = e.what();
        code = 3;
    }
    err << msg.str();
    return code;
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string failure;
    const int code = runCaught(args, out, err, failure);
    if (dist::active()) {
        // A rank of a distributed job: its reason goes to the rendezvous, so
        // its peers can name it and say why it stopped.
        if (code != 0) dist::fail(failure);
        dist::shutdown();
    }
    return code;
}

} // namespace sharelens::cli
