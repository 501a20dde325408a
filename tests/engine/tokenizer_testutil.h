// Helpers of the tokenizer suites (tst_tokenizer, tst_tokenizer_spm): fixture
// paths, byte-level symbols, and small byte-level BPE tokenizer.json files
// written from their definition.
#pragma once

#include "sharelens/error.h"
#include "sharelens/tokenizer.h"
#include "gpt2bytes.h"
#include "testpaths.h"
#include "testutil.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

#include <string>
#include <vector>

namespace tokenizertest {

using sharelens::Tokenizer;

// The pre-tokenizer patterns of Llama 3 and Qwen2, as their tokenizer.json files write them.
const char* const kLlama3Pattern = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| "
                                   "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const char* const kQwen2Pattern = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| "
                                  "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

inline QString fixture(const char* rel) { return testpaths::source("/tests/fixtures/") + QString::fromUtf8(rel); }

using testutil::readAll;
inline bool writeAll(const QString& path, const QByteArray& data) { return testutil::writeFile(path, data); }

inline std::string str(const QByteArray& b) { return std::string(b.constData(), size_t(b.size())); }
inline QByteArray bytes(const std::string& s) { return QByteArray(s.data(), qsizetype(s.size())); }

inline QList<int> toList(const std::vector<int32_t>& v) { return QList<int>(v.begin(), v.end()); }

using testutil::byteSymbol;

inline QString toSymbols(const QByteArray& raw) {
    QString s;
    for (const char c : raw) s += byteSymbol(static_cast<unsigned char>(c));
    return s;
}

struct TinyBpe {
    QList<QByteArray> extraTokens;               // raw bytes; ids 256, 257, ...
    QList<QPair<QByteArray, QByteArray>> merges; // raw bytes
    bool ignoreMerges = false;
    QJsonValue preTokenizer;
    QJsonValue normalizer;
    QJsonArray addedTokens;
};

// A byte-level BPE tokenizer.json: ids 0..255 are the bytes' symbols (id ==
// byte value), then extraTokens in order.
inline QByteArray makeTokenizerJson(const TinyBpe& t) {
    QJsonObject vocab;
    for (int b = 0; b < 256; ++b) vocab.insert(byteSymbol(b), b);
    int id = 256;
    for (const auto& tok : t.extraTokens)
        if (!vocab.contains(toSymbols(tok))) vocab.insert(toSymbols(tok), id++);
    QJsonArray merges;
    for (const auto& [a, b] : t.merges) merges.append(toSymbols(a) + QLatin1Char(' ') + toSymbols(b));
    // The optional fields as Hugging Face writes them (ShareLens's own demo
    // model writes them the same way).
    QJsonObject model{{QStringLiteral("type"), QStringLiteral("BPE")},
                      {QStringLiteral("dropout"), QJsonValue::Null},
                      {QStringLiteral("unk_token"), QJsonValue::Null},
                      {QStringLiteral("continuing_subword_prefix"), QJsonValue::Null},
                      {QStringLiteral("end_of_word_suffix"), QJsonValue::Null},
                      {QStringLiteral("fuse_unk"), false},
                      {QStringLiteral("byte_fallback"), false},
                      {QStringLiteral("vocab"), vocab},
                      {QStringLiteral("merges"), merges},
                      {QStringLiteral("ignore_merges"), t.ignoreMerges}};
    QJsonObject root{{QStringLiteral("version"), QStringLiteral("1.0")},
                     {QStringLiteral("added_tokens"), t.addedTokens},
                     {QStringLiteral("normalizer"), t.normalizer},
                     {QStringLiteral("pre_tokenizer"), t.preTokenizer},
                     {QStringLiteral("decoder"), QJsonObject{{QStringLiteral("type"), QStringLiteral("ByteLevel")}}},
                     {QStringLiteral("model"), model}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

inline QJsonObject byteLevel(bool useRegex, bool addPrefixSpace = false) {
    return {{QStringLiteral("type"), QStringLiteral("ByteLevel")},
            {QStringLiteral("add_prefix_space"), addPrefixSpace},
            {QStringLiteral("trim_offsets"), true},
            {QStringLiteral("use_regex"), useRegex}};
}

inline QJsonObject splitThenByteLevel(const char* pattern) {
    const QJsonObject split{
        {QStringLiteral("type"), QStringLiteral("Split")},
        {QStringLiteral("pattern"), QJsonObject{{QStringLiteral("Regex"), QString::fromUtf8(pattern)}}},
        {QStringLiteral("behavior"), QStringLiteral("Isolated")},
        {QStringLiteral("invert"), false}};
    return {{QStringLiteral("type"), QStringLiteral("Sequence")},
            {QStringLiteral("pretokenizers"), QJsonArray{split, byteLevel(false)}}};
}

inline QList<QByteArray> pieces(const Tokenizer& tok, const std::vector<int32_t>& ids) {
    QList<QByteArray> out;
    for (const int32_t id : ids) out.append(bytes(tok.decode({id})));
    return out;
}

// Runs f; returns the sharelens::Error message, "" if nothing was thrown, or
// "OTHER EXCEPTION: ..." for anything that is not a sharelens::Error.
template <typename F>
inline QString errorOf(F&& f) {
    try {
        f();
    } catch (const sharelens::Error& e) {
        return QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        return QStringLiteral("OTHER EXCEPTION: ") + QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace tokenizertest
