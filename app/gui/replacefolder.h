#pragma once

#include <QString>

#include <functional>
#include <string>

class QWidget;

namespace sharelens::app {

// Before an export into `dir`: runs `check` (checkModelExportFolder or
// checkPoolExportFolder) and, when it refuses the folder because it is not
// empty and is not a ShareLens export (OutFolderNotOurs), asks whether to
// replace it (default Cancel). Returns false when the user cancels; sets
// `force` when they chose Replace. Any other problem is left to the export,
// which reports it.
bool confirmReplaceFolder(QWidget* parent, const QString& dir, const std::function<void(const std::string&)>& check,
                          bool& force);

} // namespace sharelens::app
