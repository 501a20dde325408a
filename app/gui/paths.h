#pragma once

#include <QString>

namespace sharelens::app {

// The built-in demo model folder: $SHARELENS_DEMO_MODEL, the installed copy
// (<prefix>/share/sharelens/demo) or the source tree's resources/demo.
// Empty when none is found.
QString demoModelDir();

// The built-in calibration text (resources/text/calibration.txt), or empty.
QString builtinCalibrationText();

} // namespace sharelens::app
