// Manual edits of the groups an analysis proposes: split a group in two (by
// the clustering of its own members), move a unit to another group of its
// kind, pin a unit unshared. Every edit is a command on a QUndoStack (the
// Edit menu's Undo and Redo); the editor holds the groups the threshold cut
// and the edited ones, and keeps an English record of each edit for the
// provenance of what is trained and exported from the plan.
#pragma once

#include <QObject>
#include <QStringList>

#include <Eigen/Dense>

#include <vector>

#include "sharelens/cluster.h"
#include "sharelens/plan.h"
#include "sharelens/provenance.h"

class QMenu;
class QUndoStack;
class QWidget;

namespace sharelens::app {

class GroupEditor : public QObject {
    Q_OBJECT
public:
    using Groups = std::vector<std::vector<int>>;

    explicit GroupEditor(QObject* parent = nullptr);

    QUndoStack* undoStack() const { return m_stack; }

    // The units (names and kinds), the distances and the clustering settings
    // that splits use.
    void setContext(const std::vector<sharelens::PlanUnit>& units, const Eigen::MatrixXd& distance,
                    sharelens::LinkageMethod method, bool contiguous);
    // New groups from the threshold's cut: edits and their history are
    // discarded.
    void reset(const Groups& cut);

    const Groups& groups() const { return m_groups; }
    const Groups& cutGroups() const { return m_cut; }
    // Edits applied now (undone ones do not count).
    int editCount() const;
    bool isEdited() const { return editCount() > 0; }
    // One English line per applied edit, in order ("moved attn 3 from group
    // {attn 1, attn 3} to group {attn 4}").
    QStringList edits() const;
    // Units pinned unshared by the applied edits.
    const std::vector<int>& pinned() const { return m_pinned; }

    // Edits (each one undoable). They return false, with a sentence in
    // *error, for what the plan cannot hold: a group of units of different
    // kinds (sharelens::checkGroupKinds), a unit or group that is not there,
    // a group of one to split.
    bool splitGroup(int group, QString* error = nullptr);
    bool moveUnit(int unit, int toGroup, QString* error = nullptr);
    bool pinUnshared(int unit, QString* error = nullptr);
    // Groups with edits given whole (a session's saved plan that differs
    // from the cut), recorded as one edit described by `record`.
    bool applyGroups(const Groups& groups, const QString& record, QString* error = nullptr);

    // The group table's context menu for `group` (a row): split, and for
    // each member move to another group of its kind or pin it unshared.
    // Failures are shown in a message box over `parent`.
    QMenu* contextMenu(int group, QWidget* parent);

    // Adds plan_edited and plan_edits (the records joined with "; ") to a
    // provenance when `edits` is not empty.
    static void recordEdits(sharelens::Provenance& provenance, const QStringList& edits);

Q_SIGNALS:
    // The groups changed by an edit, an undo or a redo (not by reset).
    void groupsChanged();

private:
    friend class GroupsCommand;
    struct State {
        Groups groups;
        std::vector<int> pinned;
    };
    void setState(const State& state);
    bool push(State next, const QString& text, const QString& record, QString* error);
    QString unitName(int unit) const;
    QString groupText(const std::vector<int>& members) const;
    int groupOf(int unit) const;
    bool sameKind(int a, int b) const;
    void addMemberActions(QMenu* menu, int group, int unit, QWidget* parent);

    QUndoStack* m_stack = nullptr;
    std::vector<sharelens::PlanUnit> m_units;
    Eigen::MatrixXd m_distance;
    sharelens::LinkageMethod m_method = sharelens::LinkageMethod::Average;
    bool m_contiguous = false;
    Groups m_cut, m_groups;
    std::vector<int> m_pinned;
    bool m_resetting = false;
};

} // namespace sharelens::app
