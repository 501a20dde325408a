// The catalogue's rows: every bad input with the exact message the user
// sees (tst_catalogue runs each through sharelens-cli and a subset through
// the GUI). "@TMP" stands for the suite's temporary folder.
// structure: data table
#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <vector>

namespace {

// One catalogue row: the command line, the exit code and the message after
// "sharelens-cli: error: " (exit 1) or "sharelens-cli: " (exit 2, usage).
struct Case {
    const char* name;
    QStringList args;
    int exitCode;
    QString message;
};

// structure: data table (one row per bad input)
const std::vector<Case>& catalogue() {
    static const std::vector<Case> cases = [] {
        std::vector<Case> out;
        const QString ids = "@TMP/ok.json";
        auto info = [](const QString& dir) { return QStringList{"info", "@TMP/" + dir}; };
        auto eval = [&](const QString& dir) { return QStringList{"eval", "@TMP/" + dir, "--token-ids", ids}; };
        auto analyze = [&](const QStringList& more) {
            return QStringList{"analyze", "@TMP/gpt2", "--token-ids", ids, "--out", "@TMP/out"} + more;
        };
        auto finetune = [&](const QStringList& more) {
            return QStringList{"finetune",    "@TMP/gpt2",
                               "--plan",      "@TMP/analysis/analysis.json",
                               "--token-ids", "@TMP/calib.json",
                               "--steps",     "1",
                               "--seq-len",   "8",
                               "--out",       "@TMP/ft"} +
                   more;
        };
        auto row = [&](const char* name, const QStringList& args, int code, const QString& message) {
            out.push_back({name, args, code, message});
        };
        // --- Safetensors: the file
        row("safetensors truncated", info("st-truncated"), 1,
            "@TMP/st-truncated/model.safetensors: tensor \"transformer.h.1.mlp.c_proj.bias\" ends at data offset "
            "228608, beyond the data section (211952 bytes); the file is truncated or its header is wrong.");
        row("safetensors empty file", info("st-empty"), 1,
            "@TMP/st-empty/model.safetensors: the file is 0 bytes long, too short to hold the 8-byte safetensors "
            "header length. This is not a safetensors file, or it was cut short (an interrupted download or copy?); "
            "get the file again.");
        row("safetensors shorter than its length field", info("st-short"), 1,
            "@TMP/st-short/model.safetensors: the file is 5 bytes long, too short to hold the 8-byte safetensors "
            "header length. This is not a safetensors file, or it was cut short (an interrupted download or copy?); "
            "get the file again.");
        row("safetensors header length past the end", info("st-hugeheader"), 1,
            "@TMP/st-hugeheader/model.safetensors: the header length field says 139637976732440 bytes, which is "
            "absurdly large (the limit is 100 MB). This is not a safetensors file, or it was cut short (an interrupted "
            "download or copy?); get the file again.");
        row("safetensors header not JSON", info("st-notjson"), 1,
            "@TMP/st-notjson/model.safetensors: the header is not valid JSON ([json.exception.parse_error.101] parse "
            "error at line 1, column 1: syntax error while parsing value - invalid literal; last read: 'x'). This is "
            "not a safetensors file, or it was cut short (an interrupted download or copy?); get the file again.");
        // --- Safetensors: the header's promises
        row("safetensors unknown dtype", info("st-dtype"), 1,
            "@TMP/st-dtype/model.safetensors: tensor \"transformer.wte.weight\" has dtype \"Q4\", which ShareLens does "
            "not support. Supported dtypes: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL. Convert the checkpoint "
            "to one of them (e.g. F16 or F32).");
        row("safetensors shape does not match bytes", info("st-shape"), 1,
            "@TMP/st-shape/model.safetensors: tensor \"transformer.wte.weight\" has 12288 bytes in data_offsets [0, "
            "12288], but F16 with shape [96, 65] needs 12480 bytes.");
        row("safetensors tensors overlap", info("st-overlap"), 1,
            "@TMP/st-overlap/model.safetensors: tensors \"transformer.h.0.ln_1.bias\" [28672, 28800) and "
            "\"transformer.h.0.ln_1.weight\" [28672, 28800) overlap in the data section; the header is corrupt.");
        row("safetensors offsets past the end", info("st-outofbounds"), 1,
            "@TMP/st-outofbounds/model.safetensors: tensor \"transformer.ln_f.bias\" ends at data offset 1477376, "
            "beyond the data section (428800 bytes); the file is truncated or its header is wrong.");
        row("safetensors tensor missing", eval("st-missing"), 1,
            "@TMP/st-missing/model.safetensors: missing tensor transformer.h.3.mlp.c_proj.bias; the checkpoint does "
            "not hold it. Is the config.json's architecture the one these weights were saved from?");
        // --- Model folders
        row("folder does not exist", info("nope"), 1, "@TMP/nope: there is no such file or folder.");
        row("folder empty", info("empty-folder"), 1,
            "@TMP/empty-folder: there is no config.json here; a Hugging Face model folder needs config.json (the "
            "model's architecture and sizes) next to its weights, as save_pretrained() writes it.");
        row("folder is a file", info("a-file.txt"), 1,
            "@TMP/a-file.txt: this is a file, not a model folder, and the folder it is in has no config.json; open the "
            "model's folder (the one holding config.json and the weights).");
        row("folder without weights", info("no-weights"), 1,
            "@TMP/no-weights: found no weights: expected model.safetensors, model.safetensors.index.json (with its "
            "shards) or pytorch_model.bin next to config.json.");
        // --- Shared pools of agents (export --format pool)
        row("pool missing", info("pool-nopool/agent-b"), 1,
            "@TMP/pool-nopool/pool.safetensors: the shared pool that agent \"agent-b\" takes its shared tensors from "
            "is missing; keep the agent's folder beside pool.safetensors (copy the whole export folder), or export the "
            "pool again.");
        row("pool of another export", info("pool-mixed/gpt2"), 1,
            "@TMP/pool-mixed/pool.safetensors: this pool is not the one agent \"gpt2\" was exported with (pool id "
            "@OTHER, the agent expects @OK); it comes from another export. Keep the agent folders and the pool of one "
            "export together, or export the pool again.");
        row("pool folder as one model", info("pool-ok"), 1,
            "@TMP/pool-ok: this is a ShareLens shared pool of several agents, not one model; open one agent's folder "
            "inside it, or give the whole folder where agents are expected (analyze and finetune with several "
            "MODELs).");
        row("pool plan for other agents",
            QStringList{"export", "@TMP/gpt2", "@TMP/agent-b", "@TMP/gpt2", "--plan",
                        "@TMP/agents-analysis-2/analysis.json", "--format", "pool", "--out", "@TMP/pool-new"},
            1, "@TMP/agents-analysis-2/analysis.json: the plan was made for 2 agents, but 3 MODELs were given");
        row("pool without plan",
            QStringList{"export", "@TMP/gpt2", "@TMP/agent-b", "--format", "pool", "--out", "@TMP/pool-new"}, 2,
            "export with several MODELs needs --plan analysis.json (an agents-mode analysis)");
        row("several models as compact",
            QStringList{"export", "@TMP/gpt2", "@TMP/agent-b", "--plan", "@TMP/agents-analysis-2/analysis.json",
                        "--format", "compact", "--out", "@TMP/pool-new"},
            2, "several MODELs are exported as a shared pool: use --format pool");
        row("pool of one model",
            QStringList{"export", "@TMP/gpt2", "--plan", "@TMP/analysis/analysis.json", "--format", "pool", "--out",
                        "@TMP/pool-new"},
            2, "--format pool needs several MODELs (the agents of the plan)");
        // --- config.json
        row("config not JSON", info("cfg-notjson"), 1,
            "@TMP/cfg-notjson/config.json: config.json is not valid JSON ([json.exception.parse_error.101] parse error "
            "at line 12, column 7: syntax error while parsing object key - invalid string: missing closing quote; last "
            "read: '\"voc'; expected string literal).");
        row("config a JSON array", info("cfg-array"), 1,
            "@TMP/cfg-array/config.json: config.json must hold a JSON object, but it holds array.");
        row("config unsupported model_type", info("cfg-bert"), 1,
            "@TMP/cfg-bert/config.json: model_type \"bert\" is not supported. Supported: \"gpt2\", \"llama\", "
            "\"mistral\", \"qwen2\", \"qwen3\", \"gemma2\", \"gemma3_text\", \"olmo2\" and \"phi3\" (GPT-2 and "
            "Llama-shaped models).");
        row("config without n_layer", info("cfg-nolayers"), 1,
            "@TMP/cfg-nolayers/config.json: \"n_layer\" (number of layers) is missing; a GPT-2 config.json needs it. "
            "Is the file complete?");
        row("config hidden not a multiple of heads", info("cfg-heads"), 1,
            "@TMP/cfg-heads/config.json: n_head = 5 does not divide n_embd = 64; each head needs an equal share of the "
            "hidden size.");
        row("config zero layers", info("cfg-zerolayers"), 1,
            "@TMP/cfg-zerolayers/config.json: \"n_layer\" (number of layers) must be positive, but it is 0.");
        row("config negative vocabulary", info("cfg-vocab"), 1,
            "@TMP/cfg-vocab/config.json: \"vocab_size\" (vocabulary size) must be positive, but it is -96.");
        row("config hidden size differs from tensors", eval("cfg-hidden"), 1,
            "@TMP/cfg-hidden/model.safetensors: tensor transformer.wte.weight has shape [96, 64] but the config "
            "implies [96, 32]; config.json and the weights do not belong together.");
        row("config more layers than tensors", eval("cfg-layers"), 1,
            "@TMP/cfg-layers/config.json: config.json says n_layer is 6, but the weights hold 4 layers (blocks 0 to "
            "3); the config does not belong to these weights. Use the checkpoint's own config.json.");
        // --- model.safetensors.index.json
        row("index not JSON", info("idx-notjson"), 1,
            "@TMP/idx-notjson/model.safetensors.index.json: the shard index is not valid JSON "
            "([json.exception.parse_error.101] parse error at line 24, column 74: syntax error while parsing value - "
            "invalid string: missing closing quote; last read: '\"model-00001-of-00002.safetens').");
        row("index without weight_map", info("idx-nomap"), 1,
            "@TMP/idx-nomap/model.safetensors.index.json: the shard index has no \"weight_map\" object mapping tensor "
            "names to shard files.");
        row("index with empty weight_map", info("idx-emptymap"), 1,
            "@TMP/idx-emptymap/model.safetensors.index.json: the shard index's \"weight_map\" is empty; it lists no "
            "tensors.");
        row("index entry not a file name", info("idx-number"), 1,
            "@TMP/idx-number/model.safetensors.index.json: \"weight_map\" entry \"model.norm.weight\" must name a "
            "shard file, but it is number.");
        row("index names a missing shard", info("idx-noshard"), 1,
            "@TMP/idx-noshard/model-00002-of-00002.safetensors: shard \"model-00002-of-00002.safetensors\" listed in "
            "model.safetensors.index.json is missing (it should hold \"lm_head.weight\" and 19 more tensors); download "
            "the complete checkpoint.");
        row("index maps a tensor to the wrong shard", info("idx-wrongshard"), 1,
            "@TMP/idx-wrongshard/model-00001-of-00002.safetensors: tensor \"model.norm.weight\" is mapped to this "
            "shard by model.safetensors.index.json, but the shard does not hold it; the shard or the index is wrong. "
            "Download the checkpoint again.");
        row("index shard outside the folder", info("idx-escape"), 1,
            "@TMP/idx-escape/model.safetensors.index.json: \"weight_map\" entry \"model.norm.weight\" names "
            "\"../model-00002-of-00002.safetensors\", which is not a file name in this folder.");
        // --- tokenizer.json
        row("tokenizer of another kind", QStringList{"eval", "@TMP/tok-wordpiece", "--text", "@TMP/long.txt"}, 1,
            "@TMP/tok-wordpiece/tokenizer.json: tokenizer.json uses a WordPiece model; ShareLens reads byte-level BPE "
            "tokenizers (GPT-2, Llama 3, Qwen2). Use the model's tokenizer.model if it has one, or supply "
            "pre-tokenized ids");
        row("tokenizer not JSON", QStringList{"eval", "@TMP/tok-notjson", "--text", "@TMP/long.txt"}, 1,
            "@TMP/tok-notjson/tokenizer.json: tokenizer.json is not valid JSON ([json.exception.parse_error.101] parse "
            "error at line 1, column 11: syntax error while parsing value - unexpected end of input; expected '[', "
            "'{', or a literal); the file is damaged or truncated. Download the model's tokenizer.json again");
        // --- PyTorch .bin
        row("bin saved as OrderedDict", eval("bin-ordereddict"), 1,
            "@TMP/bin-ordereddict/pytorch_model.bin: this file holds an OrderedDict (what "
            "torch.save(model.state_dict()) writes), which LibTorch 1.13 cannot read. Re-save it as a plain dict of "
            "tensors with: python3 -c \"import torch; sd = torch.load('@TMP/bin-ordereddict/pytorch_model.bin', "
            "map_location='cpu'); torch.save({k: v.detach().clone() for k, v in sd.items()}, "
            "'@TMP/bin-ordereddict/pytorch_model.bin')\" — or convert it to model.safetensors "
            "(safetensors.torch.save_file(sd, 'model.safetensors')), which ShareLens reads without copying.");
        row("bin not a PyTorch file", eval("bin-garbage"), 1,
            "@TMP/bin-garbage/pytorch_model.bin: LibTorch cannot read this file (PytorchStreamReader failed reading "
            "zip archive: failed finding central directory). Re-save it as a plain dict of tensors with: python3 -c "
            "\"import torch; sd = torch.load('@TMP/bin-garbage/pytorch_model.bin', map_location='cpu'); torch.save({k: "
            "v.detach().clone() for k, v in sd.items()}, '@TMP/bin-garbage/pytorch_model.bin')\" — or convert it to "
            "model.safetensors (safetensors.torch.save_file(sd, 'model.safetensors')), which ShareLens reads without "
            "copying.");
        // --- Token id lists
        row("ids file missing", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/nope.json"}, 1,
            "@TMP/nope.json: the file does not exist.");
        row("ids not JSON", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-notjson.json"}, 1,
            "@TMP/ids-notjson.json: not valid JSON ([json.exception.parse_error.101] parse error at line 1, column 10: "
            "syntax error while parsing array - unexpected end of input; expected ']'). A token-id file is a JSON "
            "array of sequences, e.g. [[15, 7, 99], [3, 4]].");
        row("ids not a list", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-object.json"}, 1,
            "@TMP/ids-object.json: the top level is object, not an array. A token-id file is a JSON array of "
            "sequences, e.g. [[15, 7, 99], [3, 4]].");
        row("ids empty list", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-empty.json"}, 1,
            "@TMP/ids-empty.json: the id list holds no sequences; a token-id file is a JSON array of sequences, e.g. "
            "[[15, 7, 99], [3, 4]].");
        row("ids with a string", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-string.json"}, 1,
            "@TMP/ids-string.json: sequence 0, position 1: \"two\" is not a token id; ids are integers from 0 to "
            "2147483647.");
        row("ids with a fraction", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-fraction.json"}, 1,
            "@TMP/ids-fraction.json: sequence 0, position 1: 2.5 is not a token id; ids are integers from 0 to "
            "2147483647.");
        row("ids negative", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-negative.json"}, 1,
            "@TMP/ids-negative.json: sequence 0, position 1: -2 is not a token id; ids are integers from 0 to "
            "2147483647.");
        row("ids outside the vocabulary", QStringList{"eval", "@TMP/gpt2", "--token-ids", "@TMP/ids-big.json"}, 1,
            "sequence 0, position 2: token id 300 is outside the vocabulary [0, 96); were these ids made with another "
            "model's tokenizer?");
        // --- Text files
        row("text file missing", QStringList{"eval", "@TMP/bytes", "--text", "@TMP/nope.txt"}, 1,
            "@TMP/nope.txt: the file does not exist.");
        row("text is a folder", QStringList{"eval", "@TMP/bytes", "--text", "@TMP/empty-folder"}, 1,
            "@TMP/empty-folder: this is a folder; a file was expected.");
        row("text empty", QStringList{"eval", "@TMP/bytes", "--text", "@TMP/empty.txt", "--seq-len", "32"}, 1,
            "@TMP/empty.txt: the text has 0 tokens, fewer than one sequence of 32; use a longer text or a smaller "
            "--seq-len");
        row("text too short", QStringList{"eval", "@TMP/bytes", "--text", "@TMP/short.txt", "--seq-len", "32"}, 1,
            "@TMP/short.txt: the text has 9 tokens, fewer than one sequence of 32; use a longer text or a smaller "
            "--seq-len");
        // --- Plans (analysis.json)
        row("plan file missing", finetune({"--plan", "@TMP/nope.json"}), 1, "@TMP/nope.json: the file does not exist.");
        row("plan not JSON", finetune({"--plan", "@TMP/plan-notjson.json"}), 1,
            "@TMP/plan-notjson.json: is not valid JSON ([json.exception.parse_error.101] parse error at line 1, column "
            "15: syntax error while parsing array - unexpected end of input; expected ']'); give the analysis.json "
            "that 'sharelens-cli analyze' writes, or a plan exported from ShareLens");
        row("plan not an object", finetune({"--plan", "@TMP/plan-array.json"}), 1,
            "@TMP/plan-array.json: sharing plan: expected an object with \"units\" and \"groups\" arrays");
        row("plan names a unit the model lacks", finetune({"--plan", "@TMP/plan-unit.json"}), 1,
            "@TMP/plan-unit.json: sharing plan: group member 9 is not a unit index; the plan lists units 0..3. Run the "
            "analysis again rather than editing the groups by hand");
        row("plan puts a unit in two groups", finetune({"--plan", "@TMP/plan-twice.json"}), 1,
            "@TMP/plan-twice.json: sharing plan: unit 1 is in two groups");
        row("plan member not an integer", finetune({"--plan", "@TMP/plan-huge.json"}), 1,
            "@TMP/plan-huge.json: sharing plan: \"members\" must be an integer from -2147483648 to 2147483647, but it "
            "is 1e+30");
        // --- Similarity JSON
        row("similarity not square", QStringList{"cluster", "@TMP/sim-ragged.json"}, 1,
            "@TMP/sim-ragged.json: the similarity matrix is not square: row 1 has 1 entries, expected 2");
        row("similarity not symmetric", QStringList{"cluster", "@TMP/sim-asym.json"}, 1,
            "@TMP/sim-asym.json: similarity matrix is not symmetric: the value at row 0, column 2 is "
            "0.20000000000000001 but at row 2, column 0 it is 0.90000000000000002 (0-based; they may differ by at most "
            "1e-6); recompute the similarity");
        row("similarity with NaN", QStringList{"cluster", "@TMP/sim-nan.json"}, 1,
            "@TMP/sim-nan.json: similarity matrix has a NaN at row 1, column 0 (0-based); recompute it, e.g. with more "
            "calibration tokens, or drop units whose activations are constant");
        row("similarity key missing", QStringList{"cluster", "@TMP/sim-nokey.json"}, 1,
            "@TMP/sim-nokey.json: expected an object with a \"similarity\" matrix (an array of rows)");
        row("similarity entry a string", QStringList{"cluster", "@TMP/sim-string.json"}, 1,
            "@TMP/sim-string.json: the similarity at row 0, column 1 (0-based) is not a number; every entry must be a "
            "number");
        row("similarity not JSON", QStringList{"cluster", "@TMP/short.txt"}, 1,
            "@TMP/short.txt: is not valid JSON ([json.exception.parse_error.101] parse error at line 1, column 2: "
            "syntax error while parsing value - invalid literal; last read: 'to'); give an object {\"similarity\": "
            "[[...], ...]} such as the analysis.json that 'sharelens-cli analyze' writes");
        // --- Settings
        row("seq-len longer than the context", analyze({"--seq-len", "4096"}), 1,
            "--seq-len 4096 is longer than the model's context of 128 tokens");
        row("seq-len 1", analyze({"--seq-len", "1"}), 1, "--seq-len must be between 2 and 1048576, got 1");
        row("seq-len not a number", analyze({"--seq-len", "ten"}), 1, "--seq-len expects an integer, got 'ten'");
        row("sequences 0", analyze({"--sequences", "0"}), 1, "--sequences must be between 1 and 1073741824, got 0");
        row("batch 0", analyze({"--batch", "0"}), 1, "--batch must be between 1 and 4096, got 0");
        row("threshold above 2", analyze({"--threshold", "3"}), 1,
            "--threshold must be between 0 and 2 (distances are 1 - similarity), got 3");
        row("threshold negative", QStringList{"cluster", "@TMP/sim-ok.json", "--threshold", "-0.1"}, 1,
            "--threshold must be between 0 and 2 (distances are 1 - similarity), got -0.1");
        row("threshold not a number", QStringList{"cluster", "@TMP/sim-ok.json", "--threshold", "high"}, 1,
            "--threshold expects a number, got 'high'");
        row("metric unknown", analyze({"--metric", "l2"}), 1, "--metric must be pearson, cosine or cka, got 'l2'");
        row("units unknown", analyze({"--units", "heads"}), 1, "--units must be blocks or sublayers, got 'heads'");
        row("linkage unknown", QStringList{"cluster", "@TMP/sim-ok.json", "--linkage", "centroid"}, 1,
            "--linkage must be single, complete, average, weighted or ward, got 'centroid'");
        row("max-group-size negative", analyze({"--max-group-size", "-1"}), 1,
            "--max-group-size must be between 0 and 1048576, got -1");
        row("output folder is a file", analyze({"--out", "@TMP/a-file.txt"}), 1,
            "@TMP/a-file.txt: cannot create the output folder: Not a directory; choose another --out folder");
        row("steps 0", finetune({"--steps", "0"}), 1, "--steps must be between 1 and 10000000, got 0");
        row("finetune batch 0", finetune({"--batch", "0"}), 1, "--batch must be between 1 and 4096, got 0");
        row("lr 0", finetune({"--lr", "0"}), 1, "--lr must be between 1e-08 and 10, got 0");
        row("lr not a number", finetune({"--lr", "fast"}), 1, "--lr expects a number, got 'fast'");
        row("delta rank negative", finetune({"--delta-rank", "-1"}), 1,
            "--delta-rank must be between 0 and 1048576, got -1");
        row("plan made for another model",
            QStringList{"finetune", "@TMP/binplain", "--plan", "@TMP/analysis/analysis.json", "--token-ids",
                        "@TMP/calib.json", "--steps", "1", "--seq-len", "8", "--out", "@TMP/ft"},
            1,
            "the plan has 4 units but the model has 2 blocks: it was made for another model; analyze this model to "
            "make its plan");
        row("plan joining attention with MLP", finetune({"--plan", "@TMP/plan-mixed.json"}), 1,
            "@TMP/plan-mixed.json: group 0 joins attn 0 with mlp 0; units of different kinds or shapes cannot share "
            "parameters. Make groups of one kind each.");
        row("init unknown", finetune({"--init", "random"}), 1,
            "--init must be mean, medoid, first or laco, got 'random'");
        row("distill mode unknown", finetune({"--distill", "kl"}), 1,
            "--distill must be none, logits, hidden or both, got 'kl'");
        row("distill temperature 0", finetune({"--distill", "logits", "--distill-temperature", "0"}), 1,
            "--distill-temperature must be greater than 0 (1 = the models' own distributions, 2 to 4 = softer), got 0");
        row("distill weight above 1", finetune({"--distill", "logits", "--distill-weight", "2"}), 1,
            "--distill-weight must be between 0 and 1, got 2");
        row("train scope unknown", finetune({"--train", "some"}), 1, "--train must be all or shared, got 'some'");
        row("distill for several models",
            QStringList{"finetune", "@TMP/gpt2", "@TMP/gpt2", "--plan", "@TMP/analysis/analysis.json", "--distill",
                        "logits"},
            1,
            "--distill trains one shared model against its unshared original; it is not available for several "
            "models (agents)");
        row("compute unknown", analyze({"--compute", "f16"}), 1, "--compute must be f32 or bf16, got 'f16'");
        row("launch 0 workers", analyze({"--launch", "0"}), 1,
            "--launch must be a whole number from 1 to 256, got '0'");
        row("curve threshold above 2",
            QStringList{"curve", "@TMP/gpt2", "--plan", "@TMP/analysis/analysis.json", "--token-ids", "@TMP/calib.json",
                        "--thresholds", "0.5,3"},
            1, "--thresholds must be a comma-separated list of distances in [0, 2], got '3'");
        row("curve plan made for another model",
            QStringList{"curve", "@TMP/binplain", "--plan", "@TMP/analysis/analysis.json", "--token-ids",
                        "@TMP/calib.json", "--out", "@TMP/curve"},
            1,
            "@TMP/analysis/analysis.json: the analysis has 4 units but the model has 2; give the analysis.json made "
            "for this model");
        row("baseline choice unknown", finetune({"--baseline", "maybe"}), 1,
            "--baseline must be run or skip, got 'maybe'");
        row("val-fraction above 0.5", finetune({"--val-fraction", "0.9"}), 1,
            "--val-fraction must be between 0.001 and 0.5, got 0.9");
        row("finetune seq-len longer than the context", finetune({"--seq-len", "4096"}), 1,
            "--seq-len 4096 is longer than the model's context of 128 tokens");
        row("finetune text shorter than a batch",
            QStringList{"finetune", "@TMP/bytes", "--plan", "@TMP/analysis/analysis.json", "--text", "@TMP/short.txt",
                        "--steps", "1", "--out", "@TMP/ft"},
            1,
            "the training text has 9 tokens, fewer than one sequence of 65; use a longer text or a shorter sequence "
            "length");
        // --- Resource guards (SHARELENS_MEMORY_LIMIT stands in for a small machine)
        row("memory: opening the model", QStringList{"SHARELENS_MEMORY_LIMIT=1M"} + finetune({}), 1,
            "opening this model needs about 1.2 MiB of memory (weights as float32 837.5 KiB, the stored F16/BF16 "
            "weights read while converting 418.8 KiB), but only 1.0 MiB is available (SHARELENS_MEMORY_LIMIT); close "
            "other programs or use a machine with more memory (F16 and BF16 weights are converted to float32, twice "
            "their size on disk)");
        row("memory: capture",
            QStringList{"SHARELENS_MEMORY_LIMIT=3M", "analyze", "@TMP/gpt2", "--token-ids", "@TMP/calib.json",
                        "--metric", "cka", "--units", "sublayers", "--out", "@TMP/out"},
            1,
            "capturing activations needs about 6.6 MiB of memory (activations of one batch 2.8 MiB, the forward pass "
            "1.8 MiB, CKA accumulators ((units x hidden)^2 doubles) 2.0 MiB), but only 3.0 MiB is available "
            "(SHARELENS_MEMORY_LIMIT); use a smaller batch or sequence length, blocks instead of sublayers, or the "
            "pearson or cosine metric (CKA's state grows with (units x hidden)^2)");
        row("memory: training", QStringList{"SHARELENS_MEMORY_LIMIT=3M"} + finetune({"--threads", "1"}), 1,
            "fine-tuning with --train all --baseline run needs about 5.2 MiB of memory (shared model weights "
            "(float32) 251.8 KiB, gradients of the trained tensors (all, both models) 1.1 MiB, AdamW moments of the "
            "trained tensors (2 x 4 bytes per parameter) 2.1 MiB, activations of one step 1.6 MiB, optimizer "
            "temporaries 128.0 KiB), but only 3.0 MiB is available (SHARELENS_MEMORY_LIMIT); --train all "
            "--baseline skip needs about 2.8 MiB");
        row("memory: training on 2 step workers",
            QStringList{"SHARELENS_MEMORY_LIMIT=3M"} + finetune({"--threads", "2"}), 1,
            "fine-tuning with --train all --baseline run needs about 6.0 MiB of memory (shared model weights "
            "(float32) 251.8 KiB, gradients of the trained tensors (all, both models) 1.1 MiB, AdamW moments of the "
            "trained tensors (2 x 4 bytes per parameter) 2.1 MiB, activations of one step 1.6 MiB, optimizer "
            "temporaries 128.0 KiB, gradients of 1 other step worker 837.5 KiB), but only 3.0 MiB is available "
            "(SHARELENS_MEMORY_LIMIT); --train all --baseline skip --checkpointing needs about 2.8 MiB");
        row("memory: limit not a size", QStringList{"SHARELENS_MEMORY_LIMIT=lots"} + eval("gpt2"), 1,
            "SHARELENS_MEMORY_LIMIT must be a number of bytes, optionally with a K, M, G or T suffix (e.g. 512M), got "
            "'lots'");
        // --- tokenize
        row("tokenize a model without tokenizer", QStringList{"tokenize", "@TMP/gpt2", "--string", "Hello"}, 1,
            "@TMP/gpt2 has no tokenizer (no tokenizer.json, tokenizer.model or GGUF vocabulary); give the model "
            "folder with its tokenizer, or a tokenizer.json.");
        row("tokenize a text that is a folder", QStringList{"tokenize", "@TMP/gpt2", "--text", "@TMP/gpt2"}, 1,
            "@TMP/gpt2: this is a folder; a file was expected.");
        // --- Usage (exit 2)
        row("unknown command", QStringList{"frobnicate"}, 2, "unknown command 'frobnicate'");
        row("unknown option", QStringList{"info", "@TMP/gpt2", "--bogus"}, 2, "unknown option --bogus");
        row("option without its value", analyze({"--metric"}), 2, "option --metric needs a value");
        row("eval without data", QStringList{"eval", "@TMP/gpt2"}, 2,
            "give exactly one of --text FILE or --token-ids IDS.json");
        row("finetune without plan", QStringList{"finetune", "@TMP/gpt2", "--token-ids", "@TMP/ok.json"}, 2,
            "finetune needs --plan analysis.json");
        row("tokenize without text", QStringList{"tokenize", "@TMP/gpt2"}, 2,
            "give the text to tokenize: --text FILE or --string S (one of them).");
        row("removal steps without the leave-one-out losses",
            analyze({"--importance", "--no-leave-one-out", "--removal-steps", "2"}), 2,
            "--removal-steps needs the leave-one-out losses; leave out --no-leave-one-out");
        row("importance for several models",
            QStringList{"analyze", "@TMP/gpt2", "@TMP/gpt2", "--token-ids", "@TMP/ok.json", "--importance"}, 2,
            "--importance is for one MODEL; agents mode has no importance");
        row("tokenize with two texts", QStringList{"tokenize", "@TMP/gpt2", "--string", "a", "--text", "@TMP/ok.json"},
            2, "give the text to tokenize: --text FILE or --string S (one of them).");
        return out;
    }();
    return cases;
}

const Case* findCase(const char* name) {
    for (const Case& c : catalogue())
        if (qstrcmp(c.name, name) == 0) return &c;
    return nullptr;
}

} // namespace
