// Colour maps for figures and widgets: viridis (perceptually uniform, readable
// in grey and by most colour-blind readers) for values, and a categorical
// palette for groups, shared by heatmap outlines and dendrogram links so a
// group has the same colour in both.
#pragma once

#include <QColor>
#include <QRgb>

#include <QString>

#include <array>
#include <vector>

namespace sharelens::widgets {

// viridis at t in [0, 1] (clamped; NaN gives the low end). Linear
// interpolation between 17 anchors of the published 256-entry table.
QRgb viridis(double t);

// The same map as a 256-entry lookup table (index = round(t * 255)).
const std::array<QRgb, 256>& viridisTable();

// Colour of group g (g >= 0); cycles through a 10-colour categorical palette.
QColor groupColor(int group);

// A group's colour, chosen by its smallest member (the palette entry of that
// unit), so a group keeps its colour while the threshold moves and other
// groups form or dissolve; a singleton (or empty group) is grey. Heatmap
// outlines, dendrogram links, the group strip and the group table all use it.
QColor groupColorOf(const std::vector<int>& members);
// The same by the smallest member itself (>= 0).
QColor groupColorOfFirst(int smallestMember);
// The grey of units that share with no other.
QColor singletonGrey();

// One colour per method wherever methods are drawn (the GUI's charts, the
// figures, the report): "baseline", "shared", "remove-shared-layers",
// "drop-last-K" (any K), "int8", "remove-bi-K", "remove-angular-K" and
// "linear-map-K"; any other name gets a neutral grey.
QColor methodColor(const QString& method);

// Links above the threshold and other neutral marks.
QColor neutralGrey();

} // namespace sharelens::widgets
