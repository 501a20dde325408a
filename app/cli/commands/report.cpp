// sharelens-cli report: the PDF report of a saved session.
#include "commands.h"

#include <QFileInfo>
#include <QString>

#include <ostream>
#include <optional>

#include "cli_figures.h"
#include "report.h"
#include "sharelens/tensor_set.h"
#include "sharelens/checkpoint.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "sharelens/outpath.h"
#include "sharelens/session.h"

namespace sharelens::cli {

// The model summary comes from the checkpoint's headers (no weights are
// read). When the session's model folder is gone or unreadable the report is
// still written: the summary's place says why it is missing, and a warning
// goes to stderr, because everything else in the report comes from the
// session file itself.
int cmdReport(const std::vector<std::string>& rest, const Io& io) {
    std::vector<std::string> positional;
    std::string out, analysis, curve;
    for (size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == "--out" || rest[i] == "--analysis" || rest[i] == "--curve") {
            if (i + 1 >= rest.size()) throw UsageError("option " + rest[i] + " needs a value");
            (rest[i] == "--out" ? out : rest[i] == "--analysis" ? analysis : curve) = rest[i + 1];
            ++i;
        } else if (rest[i].rfind("--", 0) == 0) {
            throw UsageError("unknown option " + rest[i]);
        } else {
            positional.push_back(rest[i]);
        }
    }
    if (positional.size() != 1) throw UsageError("report needs exactly one SESSION file");
    const std::string sessionPath = positional[0];
    if (out.empty()) {
        const QFileInfo fi(QString::fromStdString(sessionPath));
        out = (fi.path() + QStringLiteral("/") + fi.completeBaseName() + QStringLiteral(".pdf")).toStdString();
    }
    // The report never replaces the session it reads, nor a device, pipe or read-only file.
    std::vector<std::string> inputs{sessionPath};
    for (const auto* extra : {&analysis, &curve})
        if (!extra->empty()) inputs.push_back(*extra);
    checkOutIsNotInput(out, inputs);
    checkOutputFile(out);
    const Session session = loadSession(sessionPath);

    std::optional<ModelSummary> summary;
    widgets::ReportOptions options;
    if (session.models.empty()) {
        options.summaryNote = QStringLiteral("No model summary: the session names no model.");
    } else {
        try {
            // The session's model was opened when the session was made (perhaps
            // with --allow-unused): summarising it needs no second refusal.
            summary = summarize(openCheckpoint(session.models.front(), OpenOptions{true}));
        } catch (const Error& e) {
            io.err << "sharelens-cli: warning: no model summary in the report: " << e.what() << "\n";
            options.summaryNote = QStringLiteral("No model summary: %1").arg(QString::fromStdString(e.what()));
        }
    }

    ensureGuiApplication();
    // The importance of analyze --importance and the pruning curve, on a last page.
    if (!analysis.empty()) {
        const auto importance = readImportance(analysis);
        if (!importance) throw Error(ErrorCode::ReportAnalysisNoImportance, {}, analysis);
        for (auto& c : importanceCharts(*importance, std::to_string(importance->tokens) + " tokens"))
            options.extraCharts.push_back(std::move(c));
    }
    if (!curve.empty()) options.extraCharts.push_back(curveChart(readCurveCsv(curve), ""));
    QString error;
    if (!widgets::writeReport(session, summary, QString::fromStdString(out), &error, options))
        throw Error(error.toStdString());
    io.out << out << "\n";
    return 0;
}

} // namespace sharelens::cli
