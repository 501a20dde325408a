// The analysis view's linked selection and manual group edits.
#include "analysisview.h"

#include <QItemSelectionModel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>

#include "clusteringpanel.h"
#include "dendrogramwidget.h"
#include "document.h"
#include "groupedits.h"
#include "grouptable.h"
#include "heatmapwidget.h"
#include "unitselection.h"

namespace sharelens::app {

void AnalysisView::setSelection(widgets::UnitSelection* selection) {
    if (m_selection == selection || !selection) return;
    if (m_selection) {
        m_selection->disconnect(this);
        if (m_selection->parent() == this) m_selection->deleteLater();
    }
    m_selection = selection;
    connect(m_selection, &widgets::UnitSelection::changed, this, &AnalysisView::showSelection);
    showSelection(m_selection->units());
}

void AnalysisView::connectSelection() {
    // Each view reports what the user clicked; the selection repaints them all.
    auto select = [this](const QList<int>& units) { m_selection->setUnits(units); };
    connect(m_heatmap, &widgets::HeatmapWidget::unitsClicked, this, select);
    connect(m_dendrogram, &widgets::DendrogramWidget::unitsClicked, this, select);
    connect(m_strip, &widgets::GroupStrip::unitsClicked, this, select);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (m_syncingTable) return;
        QList<int> units;
        for (const QModelIndex& row : m_table->selectionModel()->selectedRows())
            if (row.row() < static_cast<int>(m_groups.size()))
                for (int u : m_groups[size_t(row.row())]) units.append(u);
        m_selection->setUnits(units);
    });
}

void AnalysisView::showSelection(const QList<int>& units) {
    m_heatmap->setSelection(units);
    m_dendrogram->setSelection(units);
    m_strip->setSelection(units);
    selectTableRows(units);
}

void AnalysisView::selectTableRows(const QList<int>& units) {
    // The rows of the groups that hold a selected unit.
    QItemSelection rows;
    for (size_t g = 0; g < m_groups.size() && static_cast<int>(g) < m_groupModel->rowCount(); ++g) {
        const auto& members = m_groups[g];
        if (std::none_of(members.begin(), members.end(), [&](int u) { return units.contains(u); })) continue;
        const int r = static_cast<int>(g);
        rows.select(m_groupModel->index(r, 0), m_groupModel->index(r, m_groupModel->columnCount() - 1));
    }
    m_syncingTable = true;
    m_table->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!rows.isEmpty()) m_table->scrollTo(rows.first().topLeft());
    m_syncingTable = false;
}

QUndoStack* AnalysisView::undoStack() const { return m_editor->undoStack(); }

QStringList AnalysisView::planEdits() const { return m_editor->edits(); }

QMenu* AnalysisView::groupMenu(int row) { return m_editor->contextMenu(row, this); }

void AnalysisView::resetHeatmapZoom() { m_heatmap->resetZoom(); }

bool AnalysisView::confirmDiscardEdits() {
    if (!m_editor->isEdited() || m_restoring) return true;
    QMessageBox box(
        QMessageBox::Question, tr("Discard Manual Edits?"),
        tr("Manual edits of the groups: %1 (split groups, moved or pinned units).").arg(m_editor->editCount()),
        QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("discardEditsDialog"));
    box.setInformativeText(tr("Regrouping at another threshold or with other grouping settings starts again from "
                              "the tree's cut and discards these edits; Undo cannot bring them back. Keep Edits "
                              "leaves the threshold, the settings and the groups as they are."));
    QPushButton* discard = box.addButton(tr("Discard Edits"), QMessageBox::DestructiveRole);
    discard->setObjectName(QStringLiteral("discardEditsButton"));
    QPushButton* keep = box.addButton(tr("Keep Edits"), QMessageBox::RejectRole);
    keep->setObjectName(QStringLiteral("keepEditsButton"));
    box.setDefaultButton(keep);
    box.setEscapeButton(keep);
    box.exec();
    return box.clickedButton() == discard;
}

void AnalysisView::revertGroupingControls(bool endPress) {
    const SessionClustering& c = m_document->session().clustering;
    if (endPress) m_clustering->endThresholdInteraction();
    m_clustering->setLinkage(c.linkage);
    m_clustering->setContiguous(c.contiguous);
    m_clustering->setConstraints({c.keepFirstLast, c.maxGroupSize});
    m_clustering->showThreshold(c.threshold);
    m_dendrogram->cancelDrag();
    m_dendrogram->setThreshold(c.threshold);
}

void AnalysisView::askBeforeThreshold(double threshold) {
    revertGroupingControls(false); // the press is still being handled
    m_askedThreshold = threshold;
    if (m_askPending) return;
    m_askPending = true;
    // Queued: a press on the slider's groove arms its repeat after it has
    // emitted; the release that ends it must come after that.
    QTimer::singleShot(0, this, [this] {
        m_askPending = false;
        revertGroupingControls();
        if (m_editor->isEdited() && confirmDiscardEdits()) recomputeGroups(m_askedThreshold);
    });
}

void AnalysisView::restoreEditedGroups(const std::optional<SharingPlan>& saved) {
    // A session saved with edited groups: its plan differs from the cut at
    // its threshold. The groups come back as one edit (undoable).
    if (!saved || !hasResult() || saved->units.size() != result().units.size()) return;
    std::vector<std::vector<int>> groups;
    for (const auto& g : saved->groups) groups.push_back(g.members);
    if (groups == m_groups) return;
    const QString record = QStringLiteral("groups as saved in the session (they differ from the cut at threshold %1)")
                               .arg(QString::fromStdString(formatNumber(m_document->session().clustering.threshold)));
    m_editor->applyGroups(groups, record);
}

} // namespace sharelens::app
