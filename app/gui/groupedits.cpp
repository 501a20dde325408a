#include "groupedits.h"

#include <QMenu>
#include <QMessageBox>
#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

#include "errortext.h"
#include "sharelens/error.h"

namespace sharelens::app {

// One edit: the state before and after, applied whole (undo restores the
// groups exactly as they were).
class GroupsCommand : public QUndoCommand {
public:
    GroupsCommand(GroupEditor* editor, GroupEditor::State before, GroupEditor::State after, const QString& text,
                  const QString& record)
        : QUndoCommand(text), m_editor(editor), m_before(std::move(before)), m_after(std::move(after)),
          m_record(record) {}
    void redo() override { m_editor->setState(m_after); }
    void undo() override { m_editor->setState(m_before); }
    const QString& record() const { return m_record; }

private:
    GroupEditor* m_editor;
    GroupEditor::State m_before, m_after;
    QString m_record;
};

GroupEditor::GroupEditor(QObject* parent) : QObject(parent), m_stack(new QUndoStack(this)) {
    // After the stack has counted the edit (a command's redo runs before
    // push() moves the index), so that editCount() and edits() include it.
    connect(m_stack, &QUndoStack::indexChanged, this, [this] {
        if (!m_resetting) Q_EMIT groupsChanged();
    });
}

void GroupEditor::setContext(const std::vector<PlanUnit>& units, const Eigen::MatrixXd& distance, LinkageMethod method,
                             bool contiguous) {
    m_units = units;
    m_distance = distance;
    m_method = method;
    m_contiguous = contiguous;
}

void GroupEditor::reset(const Groups& cut) {
    m_resetting = true;
    m_stack->clear();
    m_resetting = false;
    m_cut = cut;
    m_groups = cut;
    m_pinned.clear();
}

int GroupEditor::editCount() const { return m_stack->index(); }

QStringList GroupEditor::edits() const {
    QStringList out;
    for (int i = 0; i < m_stack->index(); ++i) out << static_cast<const GroupsCommand*>(m_stack->command(i))->record();
    return out;
}

void GroupEditor::setState(const State& state) {
    m_groups = state.groups;
    m_pinned = state.pinned;
}

QString GroupEditor::unitName(int unit) const {
    if (unit >= 0 && unit < static_cast<int>(m_units.size())) return QString::fromStdString(m_units[size_t(unit)].name);
    return QString::number(unit);
}

QString GroupEditor::groupText(const std::vector<int>& members) const {
    QStringList names;
    for (int u : members) names << unitName(u);
    return QLatin1Char('{') + names.join(QStringLiteral(", ")) + QLatin1Char('}');
}

int GroupEditor::groupOf(int unit) const {
    for (size_t g = 0; g < m_groups.size(); ++g)
        if (std::find(m_groups[g].begin(), m_groups[g].end(), unit) != m_groups[g].end()) return static_cast<int>(g);
    return -1;
}

bool GroupEditor::sameKind(int a, int b) const {
    const int n = static_cast<int>(m_units.size());
    if (a < 0 || b < 0 || a >= n || b >= n) return true;
    return m_units[size_t(a)].part == m_units[size_t(b)].part;
}

bool GroupEditor::push(State next, const QString& text, const QString& record, QString* error) {
    try {
        // The plan's own rules: every unit once, groups sorted, one kind per group.
        int n = static_cast<int>(m_units.size());
        if (n == 0)
            for (const auto& g : next.groups)
                for (int u : g) n = std::max(n, u + 1);
        next.groups = partitionUnits(next.groups, n, ErrorCode::PlanWhoseModel);
        if (!m_units.empty()) checkGroupKinds(m_units, next.groups);
    } catch (const std::exception& e) {
        if (error) *error = widgets::errorText(e);
        return false;
    }
    std::sort(next.pinned.begin(), next.pinned.end());
    m_stack->push(new GroupsCommand(this, State{m_groups, m_pinned}, std::move(next), text, record));
    return true;
}

namespace {
// The members under cluster `id` of a linkage of `m` points, as indices into `members`.
void collect(const LinkageMatrix& z, int m, int id, const std::vector<int>& members, std::vector<int>& out) {
    if (id < m) {
        out.push_back(members[size_t(id)]);
        return;
    }
    collect(z, m, static_cast<int>(z[size_t(id - m)][0]), members, out);
    collect(z, m, static_cast<int>(z[size_t(id - m)][1]), members, out);
}
} // namespace

bool GroupEditor::splitGroup(int group, QString* error) {
    if (group < 0 || group >= static_cast<int>(m_groups.size()) || m_groups[size_t(group)].size() < 2) {
        if (error) *error = tr("Only a group of two or more units can be split.");
        return false;
    }
    const std::vector<int> members = m_groups[size_t(group)];
    const int m = static_cast<int>(members.size());
    std::vector<int> a, b;
    const bool haveDistance =
        m_distance.rows() == m_distance.cols() && *std::max_element(members.begin(), members.end()) < m_distance.rows();
    try {
        if (m == 2 || !haveDistance) throw std::invalid_argument("halves");
        // The group's own tree: its top merge parts it in two.
        Eigen::MatrixXd sub(m, m);
        for (int i = 0; i < m; ++i)
            for (int j = 0; j < m; ++j) sub(i, j) = m_distance(members[size_t(i)], members[size_t(j)]);
        const LinkageMatrix z = linkageByKind(sub, m_method, m_contiguous, {});
        collect(z, m, static_cast<int>(z.back()[0]), members, a);
        collect(z, m, static_cast<int>(z.back()[1]), members, b);
    } catch (const std::exception&) {
        a.assign(members.begin(), members.begin() + m / 2); // two halves in unit order
        b.assign(members.begin() + m / 2, members.end());
    }
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    State next{m_groups, m_pinned};
    next.groups[size_t(group)] = a;
    next.groups.push_back(b);
    return push(std::move(next), tr("Split Group %1").arg(group + 1),
                QStringLiteral("split group %1 into %2 and %3").arg(groupText(members), groupText(a), groupText(b)),
                error);
}

bool GroupEditor::moveUnit(int unit, int toGroup, QString* error) {
    const int from = groupOf(unit);
    if (from < 0 || toGroup < 0 || toGroup >= static_cast<int>(m_groups.size()) || from == toGroup) {
        if (error) *error = tr("%1 cannot move there.").arg(unitName(unit));
        return false;
    }
    State next{m_groups, m_pinned};
    auto& src = next.groups[size_t(from)];
    src.erase(std::find(src.begin(), src.end(), unit));
    next.groups[size_t(toGroup)].push_back(unit);
    std::sort(next.groups[size_t(toGroup)].begin(), next.groups[size_t(toGroup)].end());
    next.pinned.erase(std::remove(next.pinned.begin(), next.pinned.end(), unit), next.pinned.end());
    return push(std::move(next), tr("Move %1").arg(unitName(unit)),
                QStringLiteral("moved %1 from group %2 to group %3")
                    .arg(unitName(unit), groupText(m_groups[size_t(from)]), groupText(m_groups[size_t(toGroup)])),
                error);
}

bool GroupEditor::pinUnshared(int unit, QString* error) {
    const int from = groupOf(unit);
    if (from < 0 || m_groups[size_t(from)].size() < 2) {
        if (error) *error = tr("%1 is already unshared.").arg(unitName(unit));
        return false;
    }
    State next{m_groups, m_pinned};
    auto& src = next.groups[size_t(from)];
    src.erase(std::find(src.begin(), src.end(), unit));
    next.groups.push_back({unit});
    next.pinned.push_back(unit);
    return push(
        std::move(next), tr("Pin %1 Unshared").arg(unitName(unit)),
        QStringLiteral("pinned %1 unshared (was in group %2)").arg(unitName(unit), groupText(m_groups[size_t(from)])),
        error);
}

bool GroupEditor::applyGroups(const Groups& groups, const QString& record, QString* error) {
    return push(State{groups, m_pinned}, tr("Restore Edited Groups"), record, error);
}

QMenu* GroupEditor::contextMenu(int group, QWidget* parent) {
    auto* menu = new QMenu(parent);
    if (group < 0 || group >= static_cast<int>(m_groups.size())) return menu;
    const std::vector<int> members = m_groups[size_t(group)];
    auto fail = [parent](const QString& error) { QMessageBox::warning(parent, tr("Cannot Edit the Groups"), error); };
    auto* split = menu->addAction(tr("Split Group %1").arg(group + 1), this, [this, group, fail] {
        QString error;
        if (!splitGroup(group, &error)) fail(error);
    });
    split->setObjectName(QStringLiteral("splitGroupAction"));
    split->setEnabled(members.size() >= 2);
    split->setToolTip(tr("Part the group in two where its own members' tree first divides."));
    menu->addSeparator();
    for (int u : members) addMemberActions(menu, group, u, parent);
    return menu;
}

void GroupEditor::addMemberActions(QMenu* menu, int group, int unit, QWidget* parent) {
    auto* sub = menu->addMenu(unitName(unit));
    sub->setObjectName(QStringLiteral("unitMenu_%1").arg(unit));
    auto fail = [parent](const QString& error) { QMessageBox::warning(parent, tr("Cannot Edit the Groups"), error); };
    const int size = static_cast<int>(m_groups[size_t(group)].size());
    auto* pin = sub->addAction(tr("Pin Unshared"), this, [this, unit, fail] {
        QString error;
        if (!pinUnshared(unit, &error)) fail(error);
    });
    pin->setObjectName(QStringLiteral("pinAction_%1").arg(unit));
    pin->setEnabled(size >= 2);
    sub->addSeparator();
    // Only groups of the unit's kind: attention and MLP sub-layers never share.
    for (size_t g = 0; g < m_groups.size(); ++g) {
        if (static_cast<int>(g) == group || m_groups[g].empty() || !sameKind(unit, m_groups[g].front())) continue;
        QString names = groupText(m_groups[g]);
        if (names.size() > 60) names = names.left(58) + QStringLiteral("…}");
        auto* move = sub->addAction(tr("Move to Group %1 %2").arg(g + 1).arg(names), this, [this, unit, g, fail] {
            QString error;
            if (!moveUnit(unit, static_cast<int>(g), &error)) fail(error);
        });
        move->setObjectName(QStringLiteral("moveAction_%1_%2").arg(unit).arg(g));
    }
}

void GroupEditor::recordEdits(Provenance& provenance, const QStringList& edits) {
    if (edits.isEmpty()) return;
    provenance.analysis["plan_edited"] = "true";
    provenance.analysis["plan_edits"] = edits.join(QStringLiteral("; ")).toStdString();
}

} // namespace sharelens::app
