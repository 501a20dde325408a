// The units selected across the views of one analysis (heatmap, dendrogram,
// layer strip, group table): one model, owned by the window, that every view
// writes what the user clicked into and repaints its highlight from.
#pragma once

#include <QList>
#include <QObject>

namespace sharelens::widgets {

class UnitSelection : public QObject {
    Q_OBJECT
public:
    explicit UnitSelection(QObject* parent = nullptr);

    // Unit indices, sorted, without duplicates.
    const QList<int>& units() const { return m_units; }
    bool contains(int unit) const;
    bool isEmpty() const { return m_units.isEmpty(); }

    // Replaces the selection (sorted, duplicates and negatives dropped);
    // emits changed() when it differs.
    void setUnits(const QList<int>& units);
    void clear() { setUnits({}); }

Q_SIGNALS:
    void changed(const QList<int>& units);

private:
    QList<int> m_units;
};

} // namespace sharelens::widgets
