// sharelens::Error as data: a code and its arguments compose exactly the
// English sentence what() reports (the command line prints it, so it must not
// drift), placeholders are filled in one pass, every template numbers its
// placeholders %1..%n without gaps, and the German translation of every
// template keeps the same placeholders.
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QtTest>

#include "sharelens/error.h"
#include "testpaths.h"

using namespace sharelens;

class TestErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void composesWhat_data();
    void composesWhat();
    void nestedMessages();
    void keepsCodeAcrossPaths();
    void fillsInOnePass();
    void templatesNumberPlaceholders();
    void germanKeepsPlaceholders();
};

void TestErrors::composesWhat_data() {
    QTest::addColumn<int>("code");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("what");
    // Sentences as the bad-input catalogue (tests/app/tst_catalogue.cpp) pins them.
    QTest::newRow("safetensors too short")
        << int(ErrorCode::StFileBytesLongTooShort) << QStringList{"5"} << "/m/model.safetensors"
        << "/m/model.safetensors: the file is 5 bytes long, too short to hold the 8-byte safetensors header length. "
           "This is not a safetensors file, or it was cut short (an interrupted download or copy?); get the file "
           "again.";
    QTest::newRow("shard missing, more tensors")
        << int(ErrorCode::CkptShardMissingMore)
        << QStringList{"\"model-00002-of-00002.safetensors\"", "model.safetensors.index.json", "\"lm_head.weight\"",
                       "19"}
        << "/m/model-00002-of-00002.safetensors"
        << "/m/model-00002-of-00002.safetensors: shard \"model-00002-of-00002.safetensors\" listed in "
           "model.safetensors.index.json is missing (it should hold \"lm_head.weight\" and 19 more tensors); download "
           "the complete checkpoint.";
    QTest::newRow("token id not an integer")
        << int(ErrorCode::DataSequencePositionNotTokenId) << QStringList{"0", "1", "\"two\""} << "/ids.json"
        << "/ids.json: sequence 0, position 1: \"two\" is not a token id; ids are integers from 0 to 2147483647.";
    QTest::newRow("no path") << int(ErrorCode::SharingPlanUnitsModelBlocksMade) << QStringList{"4", "2"} << ""
                             << "the plan has 4 units but the model has 2 blocks: it was made for another model; "
                                "analyze this model to make its plan";
    QTest::newRow("free text") << int(ErrorCode::Text) << QStringList{"anything at all"} << "/f"
                               << "/f: anything at all";
}

void TestErrors::composesWhat() {
    QFETCH(int, code);
    QFETCH(QStringList, args);
    QFETCH(QString, path);
    QFETCH(QString, what);
    std::vector<ErrorArg> a;
    for (const QString& s : args) a.emplace_back(s.toStdString());
    const Error e(static_cast<ErrorCode>(code), a, path.toStdString());
    QCOMPARE(QString::fromStdString(e.what()), what);
    QCOMPARE(int(e.code()), code);
    QCOMPARE(int(e.args().size()), args.size());
    QCOMPARE(QString::fromStdString(e.path()), path);
    const QString detail = path.isEmpty() ? what : what.mid(path.size() + 2);
    QCOMPARE(QString::fromStdString(e.detail()), detail);
}

void TestErrors::nestedMessages() {
    // "sharing plan: <message>", the inner message kept as data.
    const ErrorMessage inner(ErrorCode::PlanPlanPutsUnitIntoTwo, {"1"});
    const Error e(ErrorCode::PlanSharingPlan, {inner}, "/p.json");
    QCOMPARE(std::string(e.what()), std::string("/p.json: sharing plan: the plan puts unit 1 into two groups"));
    QVERIFY(e.args().at(0).message);
    QCOMPARE(int(e.args().at(0).message->code()), int(ErrorCode::PlanPlanPutsUnitIntoTwo));
    QCOMPARE(e.args().at(0).message->args().at(0).text, std::string("1"));
    // The whole sentence of another error as an argument keeps its file.
    const Error outer(ErrorCode::Text, {e.fullMessage()}, "/ckpt");
    QCOMPARE(std::string(outer.what()),
             std::string("/ckpt: /p.json: sharing plan: the plan puts unit 1 into two groups"));
    QCOMPARE(int(outer.args().at(0).message->code()), int(ErrorCode::WithPath));
}

void TestErrors::keepsCodeAcrossPaths() {
    const Error e(ErrorCode::DataFolderMissing, {"/nowhere"}, "/nowhere/x.json");
    const Error moved = e.withPath("/elsewhere/x.json");
    QCOMPARE(int(moved.code()), int(ErrorCode::DataFolderMissing));
    QCOMPARE(moved.detail(), e.detail());
    QCOMPARE(std::string(moved.what()), "/elsewhere/x.json: " + e.detail());
    const Cancelled c;
    QCOMPARE(int(c.code()), int(ErrorCode::Cancelled));
    QCOMPARE(std::string(c.what()), std::string("cancelled"));
}

void TestErrors::fillsInOnePass() {
    // An argument holding "%2" is text, not a placeholder.
    QCOMPARE(fillPlaceholders("a %1 b %2", {"%2", "x"}), std::string("a %2 b x"));
    // A placeholder without an argument stays; "%" before a non-digit stays.
    QCOMPARE(fillPlaceholders("%1 of %2 at 100%", {"one"}), std::string("one of %2 at 100%"));
    QCOMPARE(fillPlaceholders("%1%1", {"ab"}), std::string("abab"));
}

void TestErrors::templatesNumberPlaceholders() {
    const QRegularExpression ph(QStringLiteral("%(\\d)"));
    QSet<QString> seen;
    for (int c = 0; c < errorCodeCount(); ++c) {
        const QString t = QString::fromUtf8(errorTemplate(static_cast<ErrorCode>(c)));
        QVERIFY2(!t.isEmpty(), qPrintable(QString::number(c)));
        QVERIFY2(!seen.contains(t), qPrintable("two codes share the template: " + t));
        seen.insert(t);
        QSet<int> used;
        for (auto it = ph.globalMatch(t); it.hasNext();) used.insert(it.next().captured(1).toInt());
        for (int k = 1; k <= used.size(); ++k)
            QVERIFY2(used.contains(k), qPrintable(QStringLiteral("placeholders not %1..%n in: ") + t));
    }
}

void TestErrors::germanKeepsPlaceholders() {
    QFile f(testpaths::source("/translations/sharelens_de.ts"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&f);
    QMap<QString, QString> german; // English template -> German, context sharelens::Error
    QString context, source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) continue;
        if (xml.name() == u"name")
            context = xml.readElementText();
        else if (xml.name() == u"source")
            source = xml.readElementText();
        else if (xml.name() == u"translation" && context == u"sharelens::Error") {
            const bool unfinished = xml.attributes().value(QStringLiteral("type")) == QStringLiteral("unfinished");
            const QString text = xml.readElementText();
            if (!unfinished) german.insert(source, text);
        }
    }
    QVERIFY(!xml.hasError());
    const QRegularExpression ph(QStringLiteral("%\\d"));
    auto placeholders = [&](const QString& s) {
        QStringList out;
        for (auto it = ph.globalMatch(s); it.hasNext();) out << it.next().captured();
        out.sort();
        return out;
    };
    for (int c = 0; c < errorCodeCount(); ++c) {
        const QString en = QString::fromUtf8(errorTemplate(static_cast<ErrorCode>(c)));
        QVERIFY2(german.contains(en), qPrintable("no German for: " + en));
        QCOMPARE(placeholders(german.value(en)), placeholders(en));
    }
}

QTEST_GUILESS_MAIN(TestErrors)
#include "tst_errors.moc"
