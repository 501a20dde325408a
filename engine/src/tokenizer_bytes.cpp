// The byte tokenizer (one id per UTF-8 byte) and the choice of tokenizer for
// a model folder.

#include "sharelens/error.h"
#include "sharelens/tokenizer.h"

#include <filesystem>

namespace sharelens {
namespace {

class ByteTokenizer final : public Tokenizer {
public:
    std::vector<int32_t> encode(std::string_view text) const override
    {
        std::vector<int32_t> ids;
        ids.reserve(text.size());
        for (const char c : text)
            ids.push_back(static_cast<unsigned char>(c));
        return ids;
    }

    std::string decode(const std::vector<int32_t>& ids) const override
    {
        std::string out;
        out.reserve(ids.size());
        for (const int32_t id : ids) {
            if (id < 0 || id > 255)
                throw Error("token id " + std::to_string(id) + " is outside the byte tokenizer's vocabulary (0..255)");
            out += static_cast<char>(id);
        }
        return out;
    }

    int32_t vocabSize() const override { return 256; }
    std::string kind() const override { return "bytes"; }
};

} // namespace

std::unique_ptr<Tokenizer> makeByteTokenizer()
{
    return std::make_unique<ByteTokenizer>();
}

std::unique_ptr<Tokenizer> loadTokenizerForModel(const std::string& dir, int32_t vocabSize)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw Error("is not a folder; give the model's folder (the one holding config.json)", dir);
    const fs::path json = fs::path(dir) / "tokenizer.json";
    const fs::path spm = fs::path(dir) / "tokenizer.model";
    const bool hasJson = fs::is_regular_file(json, ec);
    const bool hasSpm = fs::is_regular_file(spm, ec);

    std::unique_ptr<Tokenizer> tok;
    if (hasJson) {
        try {
            tok = loadTokenizerJson(json.string());
        } catch (const Error& jsonError) {
            // A SentencePiece-style tokenizer.json (Llama 2, Mistral) usually
            // comes with the tokenizer.model it was converted from.
            if (!hasSpm)
                throw;
            try {
                tok = loadSentencePiece(spm.string());
            } catch (const Error& spmError) {
                throw Error("no usable tokenizer: " + std::string(jsonError.what()) + "; and "
                                + spmError.what(),
                            dir);
            }
        }
    } else if (hasSpm) {
        tok = loadSentencePiece(spm.string());
    } else if (vocabSize == 256) {
        return makeByteTokenizer();
    } else {
        throw Error("has no tokenizer.json or tokenizer.model, and the model's vocabulary has "
                        + std::to_string(vocabSize)
                        + " entries, so it is not a byte-level model; copy the model's tokenizer files "
                          "into the folder, or supply pre-tokenized ids",
                    dir);
    }
    if (vocabSize > 0 && tok->vocabSize() > vocabSize)
        throw Error("the tokenizer has " + std::to_string(tok->vocabSize()) + " tokens but the model's vocabulary has only "
                        + std::to_string(vocabSize)
                        + "; the tokenizer belongs to another model. Use the tokenizer files that came with the model",
                    dir);
    return tok;
}

} // namespace sharelens
