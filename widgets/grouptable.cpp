#include "grouptable.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>

#include "colormap.h"
#include "tooltipevent.h"

namespace sharelens::widgets {

// ---------------------------------------------------------------- GroupTableModel

GroupTableModel::GroupTableModel(QObject* parent, Style style) : QAbstractTableModel(parent), m_style(style) {}

void GroupTableModel::setRows(const QStringList& unitNames, const std::vector<PlanGroup>& groups) {
    beginResetModel();
    m_unitNames = unitNames;
    m_groups = groups;
    endResetModel();
}

void GroupTableModel::setPlan(const SharingPlan& plan) {
    m_plan = plan;
    QStringList names;
    for (const auto& u : plan.units) names << QString::fromStdString(u.name);
    setRows(names, plan.groups);
}

void GroupTableModel::setAgentPlan(const AgentSharingPlan& plan) {
    m_plan = SharingPlan{};
    QStringList names;
    for (const auto& u : plan.units) names << QString::fromStdString(u.name);
    setRows(names, plan.groups);
}

int GroupTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_groups.size());
}

int GroupTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant GroupTableModel::displayData(const PlanGroup& g, int row, int column) const {
    const QLocale loc;
    switch (column) {
    case GroupColumn: return m_style == Style::Tint ? QVariant(QString::number(row + 1)) : QVariant(row + 1);
    case MembersColumn: {
        QStringList names;
        for (int u : g.members) names << (u >= 0 && u < m_unitNames.size() ? m_unitNames[u] : QString::number(u));
        return names.join(QStringLiteral(", "));
    }
    case SharedColumn: return loc.toString(static_cast<qlonglong>(g.sharedParameters));
    case SavedColumn: return loc.toString(static_cast<qlonglong>(g.savedParameters));
    case SavedBytesColumn: return loc.formattedDataSize(static_cast<qint64>(g.savedBytes));
    default: return {};
    }
}

QVariant GroupTableModel::rawData(const PlanGroup& g, int row, int column) const {
    switch (column) {
    case GroupColumn: return row + 1;
    case MembersColumn: return static_cast<int>(g.members.size());
    case SharedColumn: return static_cast<qlonglong>(g.sharedParameters);
    case SavedColumn: return static_cast<qlonglong>(g.savedParameters);
    case SavedBytesColumn: return static_cast<qulonglong>(g.savedBytes);
    default: return {};
    }
}

QVariant GroupTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const PlanGroup& g = m_groups[size_t(index.row())];
    const bool shared = g.members.size() >= 2;
    if (role == Qt::DisplayRole) return displayData(g, index.row(), index.column());
    if (role == Qt::ToolTipRole && (m_style == Style::Swatch || index.column() == MembersColumn))
        return displayData(g, index.row(), index.column());
    if (role == Qt::UserRole) return rawData(g, index.row(), index.column()); // raw values, for sorting and tests
    if (role == Qt::DecorationRole && m_style == Style::Swatch && index.column() == GroupColumn)
        return groupColorOf(g.members); // grey for a unit that shares with none
    if (role == Qt::BackgroundRole && m_style == Style::Tint && shared) {
        // The group's colour (as in the heatmap and dendrogram), faded to a tint.
        const QColor c = groupColorOf(g.members);
        return QColor((c.red() + 3 * 255) / 4, (c.green() + 3 * 255) / 4, (c.blue() + 3 * 255) / 4);
    }
    if (role == Qt::TextAlignmentRole) {
        const bool right = index.column() >= SharedColumn || (m_style == Style::Tint && index.column() == GroupColumn);
        return right ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    }
    return {};
}

QVariant GroupTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (section) {
        case GroupColumn:
            return tr("Group number; the colour is the group's in the heatmap, dendrogram and layer strip");
        case MembersColumn: return tr("The units in the group; they would use one set of parameters");
        case SharedColumn: return tr("Parameters the group stores once (one member's share)");
        case SavedColumn: return tr("Parameters the group saves: (members − 1) × shared parameters");
        case SavedBytesColumn: return tr("Bytes the group saves at the checkpoint's precision");
        default: return {};
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case GroupColumn: return tr("Group");
    case MembersColumn: return tr("Members");
    case SharedColumn: return tr("Shared parameters");
    case SavedColumn: return tr("Saved parameters");
    case SavedBytesColumn: return m_style == Style::Tint ? tr("Saved") : tr("Saved bytes");
    default: return {};
    }
}

// ---------------------------------------------------------------- GroupStrip

GroupStrip::GroupStrip(QWidget* parent) : QWidget(parent) { setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed); }

QSize GroupStrip::sizeHint() const { return QSize(400, fontMetrics().height() * 2 + 8); }
QSize GroupStrip::minimumSizeHint() const { return QSize(100, fontMetrics().height() * 2 + 8); }

void GroupStrip::setUnits(const QStringList& names, const std::vector<std::vector<int>>& groups) {
    m_names = names;
    m_groups = groups;
    m_groupOf.assign(size_t(names.size()), -1);
    for (size_t g = 0; g < groups.size(); ++g)
        for (int u : groups[g])
            if (u >= 0 && u < names.size()) m_groupOf[size_t(u)] = static_cast<int>(g);
    update();
}

void GroupStrip::setSelection(const QList<int>& units) {
    if (units == m_selection) return;
    m_selection = units;
    update();
}

int GroupStrip::unitAt(const QPointF& pos) const {
    for (int u = 0; u < static_cast<int>(m_names.size()); ++u)
        if (cellRect(u).contains(pos)) return u;
    return -1;
}

void GroupStrip::mousePressEvent(QMouseEvent* e) {
    if (e->button() == Qt::LeftButton && !m_names.isEmpty())
        e->accept(); // the release is a click on this strip
    else
        QWidget::mousePressEvent(e);
}

void GroupStrip::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton || m_names.isEmpty()) {
        QWidget::mouseReleaseEvent(e);
        return;
    }
    const int u = unitAt(e->position());
    Q_EMIT unitsClicked(u >= 0 ? QList<int>{u} : QList<int>{});
    e->accept();
}

QColor GroupStrip::unitColor(int unit) const {
    if (unit < 0 || unit >= static_cast<int>(m_groupOf.size())) return {};
    const int g = m_groupOf[size_t(unit)];
    if (g < 0) return singletonGrey();
    return groupColorOf(m_groups[size_t(g)]);
}

QRectF GroupStrip::cellRect(int unit) const {
    const int n = static_cast<int>(m_names.size());
    if (n == 0 || unit < 0 || unit >= n) return {};
    const QRectF area = QRectF(rect()).adjusted(2, 2, -2, -2);
    const double w = area.width() / n;
    return QRectF(area.left() + unit * w, area.top(), w, area.height());
}

void GroupStrip::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    const int n = static_cast<int>(m_names.size());
    if (n == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Layers appear here, coloured by group, after an analysis."));
        return;
    }
    const QFontMetrics fm = fontMetrics();
    for (int u = 0; u < n; ++u) {
        const QRectF r = cellRect(u).adjusted(1, 0, -1, 0);
        const QColor c = unitColor(u);
        const bool selected = m_selection.contains(u);
        p.setPen(selected ? QPen(QColor(0x11, 0x11, 0x11), 2.5) : QPen(c.darker(130), 1));
        p.setBrush(c);
        p.drawRoundedRect(selected ? r.adjusted(1, 1, -1, -1) : r, 3, 3);
        // The layer number when it fits (unit names end in it).
        const QString label = m_names[u].section(QLatin1Char(' '), -1);
        if (fm.horizontalAdvance(label) + 4 <= r.width()) {
            p.setPen(c.lightnessF() < 0.55 ? Qt::white : Qt::black);
            p.drawText(r, Qt::AlignCenter, label);
        }
    }
}

bool GroupStrip::event(QEvent* e) {
    const auto tip = [this](const QPoint& pos) {
        for (int u = 0; u < static_cast<int>(m_names.size()); ++u) {
            if (!cellRect(u).contains(pos)) continue;
            const int g = m_groupOf[size_t(u)];
            const bool shared = g >= 0 && m_groups[size_t(g)].size() >= 2;
            return shared ? tr("%1: group %2").arg(m_names[u]).arg(g + 1) : tr("%1: not shared").arg(m_names[u]);
        }
        return QString();
    };
    return handlePositionToolTip(this, e, tip) || QWidget::event(e);
}

} // namespace sharelens::widgets
