// The PDF report of a session: one A4 document with the model
// summary and the provenance, the similarity heatmap and the dendrogram with
// the threshold, the groups table, the training charts of the last fine-tune
// run, and the comparison at the same budget — for pasting into a paper or
// sending to a colleague. Vector output: text stays text, lines stay lines.
//
// Pages (a section whose data the session lacks is left out, and the first
// page says so in one line):
//   1  title, model summary, provenance, contents
//   2  heatmap with the groups outlined, dendrogram with the threshold line
//                                                    (when the session has a similarity result)
//   3  groups: members, shared and saved parameters and bytes, totals
//                                                    (when the session has a sharing plan)
//   4  the last run's charts: loss, tokens/s, memory (when the session has a run)
//   5  results: validation loss before/after, parameters, bytes, speed; the
//      budget comparison and validation loss vs parameters  (when it has a run)
// A long groups table continues on further pages.
//
// Torch-free (engine value types only). Painting text needs a
// QGuiApplication (the GUI has one; the command-line tool makes an
// offscreen one).
#pragma once

#include <sharelens/model.h>
#include <sharelens/session.h>

#include "figures.h"

#include <QDateTime>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

#include "linechart.h"

class QPainter;
class QPdfWriter;

namespace sharelens::widgets {

struct ReportOptions {
    QString generator;   // "ShareLens 0.3.0"; empty: this build's version
    QDateTime created;   // invalid: now
    QString summaryNote; // shown in place of the model summary when there is none
    // Charts for a last page "Layer importance and pruning" (block
    // importance, the pruning curve), two to a page; none: no such page.
    std::vector<LineChartData> extraCharts;
};

// Writes the report to `pdfPath` through a temporary file in the same folder
// that replaces `pdfPath` only when complete, so an existing report is never
// left damaged. On failure returns false and sets *error to a sentence that
// names the file. `summary` is the model's header summary (of
// session.models[0]); std::nullopt leaves the summary out with
// options.summaryNote (or a generic line) in its place.
bool writeReport(const sharelens::Session& session, const std::optional<sharelens::ModelSummary>& summary,
                 const QString& pdfPath, QString* error, const ReportOptions& options = {});

// An agents session's report (the agents window's): the agents and the
// provenance; the similarity heatmap and the dendrogram with the threshold as
// the window shows them (`figures`, left out when `haveFigures` is false);
// the plan's groups with the system's parameters and bytes before and after;
// the last agents fine-tune's results per system and per agent. Written as
// writeReport writes (atomic replace; false and a sentence on failure).
struct AgentsReportFigures {
    bool haveFigures = false;
    HeatmapData heatmap;
    DendrogramData dendrogram;
};
bool writeAgentsReport(const sharelens::Session& session, const AgentsReportFigures& figures, const QString& pdfPath,
                       QString* error, const ReportOptions& options = {});

// Writes one A4 PDF (painter units are points) through a temporary file in
// the same folder that replaces `pdfPath` only when complete; `paint` draws
// the pages and may throw (the file is then left as it was). On failure
// returns false and sets *error to a sentence that names the file.
bool writePdfDocument(const QString& pdfPath, const QString& title, const QString& generator, QString* error,
                      const std::function<void(QPdfWriter&, QPainter&)>& paint);

// The number of pages writeReport writes for `session` when the groups fit
// on one page (up to ~40 shared groups), as listed above.
int reportBasePageCount(const sharelens::Session& session);

} // namespace sharelens::widgets
