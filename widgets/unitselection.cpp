#include "unitselection.h"

#include <algorithm>

namespace sharelens::widgets {

UnitSelection::UnitSelection(QObject* parent) : QObject(parent) {}

bool UnitSelection::contains(int unit) const { return std::binary_search(m_units.begin(), m_units.end(), unit); }

void UnitSelection::setUnits(const QList<int>& units) {
    QList<int> sorted;
    for (int u : units)
        if (u >= 0) sorted.append(u);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    if (sorted == m_units) return;
    m_units = sorted;
    Q_EMIT changed(m_units);
}

} // namespace sharelens::widgets
