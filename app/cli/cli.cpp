// sharelens-cli: the command-line tool (see docs for the command-line
// contract). Progress goes to stderr, results to stdout or files; bad input
// exits 1 with a one-line reason, bad usage exits 2.
#include "cli.h"

#include <map>
#include <new>

#include "commands/commands.h"
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
           [--lr LR] [--seed K] [--val-fraction F] [--dtype f32|f16|bf16] [--force]
                            train a small byte-level model from scratch
                            (this is how the built-in demo model is made);
                            DIR must be new, empty or an earlier pretrain
                            output unless --force
  finetune MODEL --plan analysis.json (--text FILE | --token-ids IDS.json)
           [--steps S] [--batch B] [--seq-len L] [--lr LR] [--init mean|medoid|first]
           [--private-norms] [--delta-rank R] [--seed K] [--val-fraction F]
           [--eval-every N] [--out DIR] [--session FILE] [--checkpoint-every N]
           [--resume CKPT_DIR] [--threads N] [--force]
           [--distill none|logits|hidden|both] [--distill-temperature T]
           [--distill-weight W] [--distill-hidden-weight H]
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
                            CPU; losses agree to rounding across counts);
                            --force replaces a DIR/shared that is not an
                            earlier export; --distill heals the shared model
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
         [--init mean|medoid|first] [--dtype f32|f16|bf16] [--force]
                            agents mode: the shared system of an agents plan
                            as DIR/pool.safetensors (every tensor two or more
                            agents use, once) and DIR/<agent>/ per agent (a
                            compact checkpoint of its private tensors that
                            takes the rest from ../pool.safetensors); each
                            DIR/<agent> is a MODEL of its own, DIR as the one
                            MODEL of analyze/finetune stands for all agents
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
    static const std::map<std::string, Command> commands{
        {"info", cmdInfo},       {"eval", cmdEval},         {"pretrain", cmdPretrain}, {"analyze", cmdAnalyze},
        {"cluster", cmdCluster}, {"finetune", cmdFinetune}, {"compare", cmdCompare},   {"session", cmdSession},
        {"report", cmdReport},   {"export", cmdExport},     {"tokenize", cmdTokenize}};
    const auto it = commands.find(cmd);
    if (it == commands.end()) throw UsageError("unknown command '" + cmd + "'");
    return it->second(rest, io);
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const Io io{out, err};
    try {
        return dispatch(args, io);
    } catch (const UsageError& e) {
        err << "sharelens-cli: " << e.what() << "\nTry 'sharelens-cli --help'.\n";
        return 2;
    } catch (const Cancelled&) {
        err << "sharelens-cli: cancelled\n";
        return 130;
    } catch (const Error& e) {
        err << "sharelens-cli: error: " << e.what() << "\n";
        return 1;
    } catch (const std::bad_alloc&) {
        const std::string what = args.empty() ? std::string("sharelens-cli") : "sharelens-cli " + args[0];
        err << "sharelens-cli: error: " << Error(ErrorCode::OutOfMemory, {what}).what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        err << "sharelens-cli: internal error: " << e.what() << "\n";
        return 3;
    }
}

} // namespace sharelens::cli
