// Colour maps for figures and widgets: viridis (perceptually uniform, readable
// in grey and by most colour-blind readers) for values, and a categorical
// palette for groups, shared by heatmap outlines and dendrogram links so a
// group has the same colour in both.
#pragma once

#include <QColor>
#include <QRgb>

#include <array>

namespace sharelens::widgets {

// viridis at t in [0, 1] (clamped; NaN gives the low end). Linear
// interpolation between 17 anchors of the published 256-entry table.
QRgb viridis(double t);

// The same map as a 256-entry lookup table (index = round(t * 255)).
const std::array<QRgb, 256>& viridisTable();

// Colour of group g (g >= 0); cycles through a 10-colour categorical palette.
QColor groupColor(int group);

// Links above the threshold and other neutral marks.
QColor neutralGrey();

} // namespace sharelens::widgets
