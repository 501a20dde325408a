// SentencePiece .model files (ids against Debian's spm_encode, through the
// sharelens-spm helper), the byte tokenizer, and the choice of tokenizer for a
// model folder (loadTokenizerForModel).

#include "tokenizer_testutil.h"

#include <QtTest/QtTest>

#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace tokenizertest;

class TestTokenizerSpm : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_spmTrain, m_spmEncode, m_spmDecode;
    QMap<QString, QString> m_spmModels; // model type -> .model path

    QString tmpFile(const QString& name, const QByteArray& content) {
        const QString p = m_tmp.filePath(name);
        if (!writeAll(p, content)) return {};
        return p;
    }

    QString trainSpm(const QString& type) {
        if (m_spmTrain.isEmpty()) return {};
        if (m_spmModels.contains(type)) return m_spmModels[type];
        // A small deterministic corpus.
        QByteArray corpus;
        const char* words[] = {"the",   "layer",    "shares", "parameters", "with",    "its",        "neighbour",
                               "model", "training", "loss",   "memory",     "cluster", "similarity", "attention",
                               "block", "token",    "Zürich", "naïve",      "café",    "東京",       "データ",
                               "42",    "2024",     "!",      ",",          "?"};
        QRandomGenerator rng(7);
        for (int line = 0; line < 400; ++line) {
            const int n = 4 + int(rng.bounded(10));
            for (int w = 0; w < n; ++w) {
                if (w) corpus += ' ';
                corpus += words[rng.bounded(int(std::size(words)))];
            }
            corpus += '\n';
        }
        const QString input = tmpFile(QStringLiteral("spm_corpus.txt"), corpus);
        const QString prefix = m_tmp.filePath(QStringLiteral("spm_") + type);
        QProcess p;
        p.start(m_spmTrain, {QStringLiteral("--input=") + input, QStringLiteral("--model_prefix=") + prefix,
                             QStringLiteral("--vocab_size=150"), QStringLiteral("--model_type=") + type,
                             QStringLiteral("--hard_vocab_limit=false"), QStringLiteral("--character_coverage=1.0"),
                             QStringLiteral("--minloglevel=2")});
        if (!p.waitForFinished(120000) || p.exitCode() != 0) {
            qWarning() << "spm_train failed:" << p.readAllStandardError().right(2000);
            return {};
        }
        m_spmModels[type] = prefix + QStringLiteral(".model");
        return m_spmModels[type];
    }

    // Runs an spm_* tool on stdin, returns its stdout lines.
    QList<QByteArray> runSpm(const QString& program, const QStringList& args, const QByteArray& input) {
        QProcess p;
        p.start(program, args);
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000) || p.exitCode() != 0) return {};
        QList<QByteArray> lines = p.readAllStandardOutput().split('\n');
        if (!lines.isEmpty() && lines.last().isEmpty()) lines.removeLast();
        return lines;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_spmTrain = QStandardPaths::findExecutable(QStringLiteral("spm_train"));
        m_spmEncode = QStandardPaths::findExecutable(QStringLiteral("spm_encode"));
        m_spmDecode = QStandardPaths::findExecutable(QStringLiteral("spm_decode"));
    }

    // ----------------------------------------------------------------- bytes

    void byteTokenizers_data() {
        QTest::addColumn<bool>("fromJson");
        QTest::addColumn<QByteArray>("text");
        for (const bool fromJson : {false, true}) {
            const char* kind = fromJson ? "json" : "builtin";
            QTest::addRow("%s ascii", kind) << fromJson << QByteArray("Hello, world!");
            QTest::addRow("%s utf8", kind) << fromJson << QByteArray("naïve 東京 👍🏽");
            QTest::addRow("%s empty", kind) << fromJson << QByteArray();
            QTest::addRow("%s invalid utf8", kind) << fromJson << QByteArray("\xff\xfe\x80 x\0y", 8);
            QByteArray all;
            for (int b = 0; b < 256; ++b) all += char(b);
            QTest::addRow("%s all bytes", kind) << fromJson << all;
        }
    }

    // makeByteTokenizer(), and a tokenizer.json whose vocabulary is just the
    // 256 byte symbols (ShareLens's demo model): id == byte value.
    void byteTokenizers() {
        QFETCH(bool, fromJson);
        QFETCH(QByteArray, text);
        std::unique_ptr<Tokenizer> tok;
        if (fromJson) {
            TinyBpe t;
            t.preTokenizer = byteLevel(false);
            tok =
                sharelens::loadTokenizerJson(tmpFile(QStringLiteral("bytes.json"), makeTokenizerJson(t)).toStdString());
            QCOMPARE(QString::fromStdString(tok->kind()), QStringLiteral("bpe"));
        } else {
            tok = sharelens::makeByteTokenizer();
            QCOMPARE(QString::fromStdString(tok->kind()), QStringLiteral("bytes"));
        }
        QCOMPARE(tok->vocabSize(), 256);
        QList<int> expected;
        for (const char c : text) expected.append(static_cast<unsigned char>(c));
        const auto ids = tok->encode(str(text));
        QCOMPARE(toList(ids), expected);
        QCOMPARE(bytes(tok->decode(ids)), text);
        const QString err = errorOf([&] { tok->decode({256}); });
        QVERIFY2(err.contains(QStringLiteral("outside")), qPrintable(err));
    }

    // -------------------------------------------------------- SentencePiece

    void sentencePiece_data() {
        QTest::addColumn<QString>("modelType");
        QTest::newRow("unigram") << QStringLiteral("unigram");
        QTest::newRow("bpe") << QStringLiteral("bpe");
    }

    void sentencePiece() {
        QFETCH(QString, modelType);
        if (m_spmTrain.isEmpty() || m_spmEncode.isEmpty() || m_spmDecode.isEmpty())
            QSKIP("spm_train/spm_encode/spm_decode not installed (Debian package sentencepiece)");
        const QString model = trainSpm(modelType);
        QVERIFY2(!model.isEmpty(), "spm_train failed");
        const QList<QByteArray> lines{"the layer shares parameters with its neighbour",
                                      "Zürich café naïve 東京 データ",
                                      "similarity of attention blocks: 42, 2024?",
                                      "unseen words like xylophone and QUANTUM",
                                      "  leading and   inner spaces",
                                      "emoji 👍 and symbols ©"};
        QByteArray input;
        for (const auto& l : lines) input += l + '\n';
        const QList<QByteArray> idLines =
            runSpm(m_spmEncode, {QStringLiteral("--model=") + model, QStringLiteral("--output_format=id")}, input);
        QCOMPARE(idLines.size(), lines.size());
        const QList<QByteArray> decoded =
            runSpm(m_spmDecode, {QStringLiteral("--model=") + model, QStringLiteral("--input_format=id")},
                   idLines.join('\n') + '\n');
        QCOMPARE(decoded.size(), lines.size());

        const auto tok = sharelens::loadSentencePiece(model.toStdString());
        QCOMPARE(QString::fromStdString(tok->kind()), QStringLiteral("sentencepiece"));
        QVERIFY(tok->vocabSize() > 50 && tok->vocabSize() <= 150);
        for (qsizetype i = 0; i < lines.size(); ++i) {
            QList<int> expected;
            for (const auto& s : idLines[i].split(' '))
                if (!s.isEmpty()) expected.append(s.toInt());
            const auto ids = tok->encode(str(lines[i]));
            QCOMPARE(toList(ids), expected);
            QCOMPARE(bytes(tok->decode(ids)), decoded[i]);
        }
        const QString err = errorOf([&] { tok->decode({tok->vocabSize()}); });
        QVERIFY2(err.contains(QStringLiteral("outside")), qPrintable(err));
        // The helper keeps serving after a failed request.
        QVERIFY(!tok->encode("the layer").empty());
    }

    void sentencePieceErrors_data() {
        QTest::addColumn<QByteArray>("modelContent"); // empty: no file
        QTest::addColumn<QByteArray>("helperEnv");    // empty: unset
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing model") << QByteArray() << QByteArray() << QStringLiteral("cannot open");
        QTest::newRow("garbage model") << QByteArray("this is not a protobuf \x01\x02\x03") << QByteArray()
                                       << QStringLiteral("SentencePiece model");
        QTest::newRow("json given as model")
            << QByteArray("{\"model\":{}}") << QByteArray() << QStringLiteral("SentencePiece model");
        QTest::newRow("helper missing") << QByteArray("x") << QByteArray("/nonexistent/sharelens-spm")
                                        << QStringLiteral("SHARELENS_SPM_HELPER");
        QTest::newRow("helper not a helper")
            << QByteArray("x") << QByteArray("/bin/true") << QStringLiteral("stopped without answering");
    }

    void sentencePieceErrors() {
        QFETCH(QByteArray, modelContent);
        QFETCH(QByteArray, helperEnv);
        QFETCH(QString, expected);
        const QString path = m_tmp.filePath(QStringLiteral("bad.model"));
        QFile::remove(path);
        if (!modelContent.isEmpty()) QVERIFY(writeAll(path, modelContent));
        const QByteArray old = qgetenv("SHARELENS_SPM_HELPER");
        if (!helperEnv.isEmpty()) qputenv("SHARELENS_SPM_HELPER", helperEnv);
        const QString err = errorOf([&] { sharelens::loadSentencePiece(path.toStdString()); });
        if (old.isEmpty())
            qunsetenv("SHARELENS_SPM_HELPER");
        else
            qputenv("SHARELENS_SPM_HELPER", old);
        QVERIFY2(err.contains(expected), qPrintable(QStringLiteral("got: ") + err));
        QVERIFY2(err.startsWith(path), qPrintable(QStringLiteral("no file name in: ") + err));
    }

    // ------------------------------------------------ loadTokenizerForModel

    void forModel_data() {
        QTest::addColumn<QString>("files"); // "json", "model", "metaspace+model", "none"
        QTest::addColumn<int>("vocabSize");
        QTest::addColumn<QString>("expected"); // kind, or "error: <substring>"
        QTest::newRow("tokenizer.json") << QStringLiteral("json") << 50257 << QStringLiteral("bpe");
        QTest::newRow("padded vocabulary") << QStringLiteral("json") << 50304 << QStringLiteral("bpe");
        QTest::newRow("tokenizer.model") << QStringLiteral("model") << 150 << QStringLiteral("sentencepiece");
        QTest::newRow("json preferred") << QStringLiteral("json+model") << 50257 << QStringLiteral("bpe");
        QTest::newRow("sentencepiece-style json read natively")
            << QStringLiteral("metaspace+model") << 150 << QStringLiteral("bpe");
        QTest::newRow("bytes") << QStringLiteral("none") << 256 << QStringLiteral("bytes");
        QTest::newRow("nothing usable") << QStringLiteral("none") << 32000
                                        << QStringLiteral("error: has no tokenizer.json or tokenizer.model");
        QTest::newRow("tokenizer too big for model")
            << QStringLiteral("json") << 1000 << QStringLiteral("error: belongs to another model");
        QTest::newRow("sentencepiece-style json alone") << QStringLiteral("metaspace") << 150 << QStringLiteral("bpe");
        QTest::newRow("not a folder") << QStringLiteral("missing") << 256 << QStringLiteral("error: is not a folder");
    }

    void forModel() {
        QFETCH(QString, files);
        QFETCH(int, vocabSize);
        QFETCH(QString, expected);
        if (files.contains(QStringLiteral("model")) && trainSpm(QStringLiteral("unigram")).isEmpty())
            QSKIP("spm_train not installed");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString folder = dir.path();
        if (files == QStringLiteral("missing")) folder = dir.filePath(QStringLiteral("nope"));
        if (files.contains(QStringLiteral("json")))
            QVERIFY(QFile::copy(fixture("gpt2/tokenizer.json"), dir.filePath(QStringLiteral("tokenizer.json"))));
        if (files.contains(QStringLiteral("metaspace")))
            QVERIFY(writeAll(dir.filePath(QStringLiteral("tokenizer.json")),
                             "{\"pre_tokenizer\":{\"type\":\"Metaspace\"},\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":"
                             "0},\"merges\":[]}}"));
        if (files.contains(QStringLiteral("model")))
            QVERIFY(QFile::copy(trainSpm(QStringLiteral("unigram")), dir.filePath(QStringLiteral("tokenizer.model"))));
        std::unique_ptr<Tokenizer> tok;
        const QString err = errorOf([&] { tok = sharelens::loadTokenizerForModel(folder.toStdString(), vocabSize); });
        if (expected.startsWith(QStringLiteral("error: "))) {
            QVERIFY2(err.contains(expected.mid(7)), qPrintable(QStringLiteral("got: ") + err));
            QVERIFY2(err.contains(folder), qPrintable(err));
            QVERIFY(!tok);
        } else {
            QVERIFY2(tok, qPrintable(err));
            QCOMPARE(QString::fromStdString(tok->kind()), expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestTokenizerSpm)
#include "tst_tokenizer_spm.moc"
