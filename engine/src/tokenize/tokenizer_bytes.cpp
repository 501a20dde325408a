// The byte tokenizer (one id per UTF-8 byte) and the choice of tokenizer for
// a model folder.

#include "sharelens/error.h"
#include "sharelens/tokenizer.h"

#include <filesystem>

namespace sharelens {
namespace {

class ByteTokenizer final : public Tokenizer {
public:
    std::vector<int32_t> encode(std::string_view text) const override {
        std::vector<int32_t> ids;
        ids.reserve(text.size());
        for (const char c : text) ids.push_back(static_cast<unsigned char>(c));
        return ids;
    }

    std::string decode(const std::vector<int32_t>& ids) const override {
        std::string out;
        out.reserve(ids.size());
        for (const int32_t id : ids) {
            if (id < 0 || id > 255) throw Error(ErrorCode::TokTokenIdOutsideByteTokenizer, {std::to_string(id)});
            out += static_cast<char>(id);
        }
        return out;
    }

    int32_t vocabSize() const override { return 256; }
    std::string kind() const override { return "bytes"; }
};

} // namespace

std::unique_ptr<Tokenizer> makeByteTokenizer() { return std::make_unique<ByteTokenizer>(); }

std::unique_ptr<Tokenizer> loadTokenizerForModel(const std::string& dir, int32_t vocabSize) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error(ErrorCode::TokNotFolderGiveModelS, {}, dir);
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
            if (!hasSpm) throw;
            try {
                tok = loadSentencePiece(spm.string());
            } catch (const Error& spmError) {
                throw Error(ErrorCode::TokNoUsableTokenizer, {jsonError.fullMessage(), spmError.fullMessage()}, dir);
            }
        }
    } else if (hasSpm) {
        tok = loadSentencePiece(spm.string());
    } else if (vocabSize == 256) {
        return makeByteTokenizer();
    } else {
        throw Error(ErrorCode::TokNoTokenizerJsonTokenizerModel, {std::to_string(vocabSize)}, dir);
    }
    if (vocabSize > 0 && tok->vocabSize() > vocabSize)
        throw Error(ErrorCode::TokTokenizerTokensModelSVocabulary,
                    {std::to_string(tok->vocabSize()), std::to_string(vocabSize)}, dir);
    return tok;
}

} // namespace sharelens
