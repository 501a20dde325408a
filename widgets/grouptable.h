// The groups of a sharing plan as a table model, and the strip of the
// model's units coloured by group: shown under the dendrogram by the
// analysis and the agents views.
#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QWidget>

#include <vector>

#include "sharelens/agents.h"
#include "sharelens/plan.h"

namespace sharelens::widgets {

// The groups of a plan, one row per group (singletons included): group
// number, members, parameters stored once, parameters and bytes saved.
// Swatch: a colour square beside the group number (the analysis view);
// Tint: shared groups' rows faded to their colour, numbers right-aligned and
// a shorter header for the bytes saved (the agents view).
class GroupTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { GroupColumn, MembersColumn, SharedColumn, SavedColumn, SavedBytesColumn, ColumnCount };
    enum class Style { Swatch, Tint };

    explicit GroupTableModel(QObject* parent = nullptr, Style style = Style::Swatch);

    void setPlan(const sharelens::SharingPlan& plan);
    void setAgentPlan(const sharelens::AgentSharingPlan& plan);
    // The plan given to setPlan (empty after setAgentPlan).
    const sharelens::SharingPlan& plan() const { return m_plan; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void setRows(const QStringList& unitNames, const std::vector<sharelens::PlanGroup>& groups);
    QVariant displayData(const sharelens::PlanGroup& g, int row, int column) const;
    QVariant rawData(const sharelens::PlanGroup& g, int row, int column) const;

    Style m_style;
    sharelens::SharingPlan m_plan;
    QStringList m_unitNames;
    std::vector<sharelens::PlanGroup> m_groups;
};

// The model's units in order, one cell each, filled with the colour of the
// group they belong to (grey when unshared). A click on a cell reports its
// unit (unitsClicked); the selection given back is outlined.
class GroupStrip : public QWidget {
    Q_OBJECT
public:
    explicit GroupStrip(QWidget* parent = nullptr);
    void setUnits(const QStringList& names, const std::vector<std::vector<int>>& groups);
    void setSelection(const QList<int>& units);
    const QList<int>& selection() const { return m_selection; }
    // The unit whose cell is at `pos`, -1 for none.
    int unitAt(const QPointF& pos) const;
    // Group index of each unit (into the groups given), -1 for none.
    const std::vector<int>& groupOfUnit() const { return m_groupOf; }
    const std::vector<std::vector<int>>& groups() const { return m_groups; }
    QColor unitColor(int unit) const;
    QRectF cellRect(int unit) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // The user clicked a cell (one unit) or beside the cells (none).
    void unitsClicked(const QList<int>& units);

protected:
    void paintEvent(QPaintEvent* e) override;
    bool event(QEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;

private:
    QList<int> m_selection;
    QStringList m_names;
    std::vector<std::vector<int>> m_groups;
    std::vector<int> m_groupOf;
};

} // namespace sharelens::widgets
