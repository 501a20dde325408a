// The byte tokenizer (one id per UTF-8 byte) and the choice of tokenizer for
// a model folder.

#include "sharelens/data.h"
#include "io/gguf.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"
#include "sharelens/tokenizer.h"
#include "tokenize/tokenizer_util.h"

#include <algorithm>
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

    std::vector<int32_t> encodePrefix(std::string_view text, size_t maxTokens) const override {
        return encode(text.substr(0, std::min(text.size(), maxTokens)));
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

namespace detail {

bool tokenizerFileExists(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status link = fs::symlink_status(path, ec);
    if (ec || link.type() == fs::file_type::not_found) return false;
    const fs::file_status target = fs::status(path, ec);
    if (target.type() == fs::file_type::regular) return true;
    // A loop is an error of status() (ELOOP), a link to nothing is not_found.
    const bool loop = ec == std::errc::too_many_symbolic_link_levels;
    if (ec && !loop && target.type() != fs::file_type::not_found)
        throw Error(ErrorCode::TokenizerUnreadable, {ec.message()}, path);
    const ErrorMessage kind = fileKindMessage(loop ? fs::file_type::not_found : target.type(), loop);
    throw Error(ErrorCode::TokenizerUnreadable, {ErrorMessage(ErrorCode::FileKindItIs, {kind})}, path);
}

} // namespace detail

std::unique_ptr<Tokenizer> makeByteTokenizer() { return std::make_unique<ByteTokenizer>(); }

std::unique_ptr<Tokenizer> loadTokenizerForModel(const std::string& dir, int32_t vocabSize) {
    namespace fs = std::filesystem;
    std::error_code ec;
    // A GGUF file carries its vocabulary.
    if (gguf::hasGgufExtension(dir) && fs::is_regular_file(dir, ec)) {
        auto tok = detail::loadGgufTokenizer(dir);
        if (vocabSize > 0 && tok->vocabSize() > vocabSize)
            throw Error(ErrorCode::TokTokenizerTokensModelSVocabulary,
                        {std::to_string(tok->vocabSize()), std::to_string(vocabSize)}, dir);
        return tok;
    }
    if (!fs::is_directory(dir, ec)) throw Error(ErrorCode::TokNotFolderGiveModelS, {}, dir);
    const fs::path json = fs::path(dir) / "tokenizer.json";
    const fs::path spm = fs::path(dir) / "tokenizer.model";
    // A file that is there but is no regular file is an error, not absent.
    const bool hasJson = detail::tokenizerFileExists(json.string());
    const bool hasSpm = detail::tokenizerFileExists(spm.string());

    std::unique_ptr<Tokenizer> tok;
    if (hasJson) {
        try {
            tok = loadTokenizerJson(json.string());
        } catch (const Error& jsonError) {
            // A tokenizer.json using something not implemented here may
            // come with the tokenizer.model it was converted from.
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

std::vector<std::vector<int32_t>> encodeWindows(const Tokenizer& tok, std::string_view text, int seqLen,
                                                int maxSequences) {
    const std::vector<int32_t> prefix = tok.prefixIds();
    const int body = seqLen - int(prefix.size());
    if (prefix.empty() || body < 1) { // no BOS, or windows too short to hold it: the text alone
        const auto ids = maxSequences > 0 && seqLen > 0 ? tok.encodePrefix(text, size_t(maxSequences) * size_t(seqLen))
                                                        : tok.encode(text);
        return chunkTokens(ids, seqLen, maxSequences);
    }
    const auto ids = maxSequences > 0 ? tok.encodePrefix(text, size_t(maxSequences) * size_t(body)) : tok.encode(text);
    auto windows = chunkTokens(ids, body, maxSequences);
    for (auto& w : windows) w.insert(w.begin(), prefix.begin(), prefix.end());
    return windows;
}

} // namespace sharelens
