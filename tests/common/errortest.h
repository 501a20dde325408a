// Helpers shared by the engine suites that check error messages and leftovers.
#pragma once

#include <QDir>
#include <QStringList>

#include <optional>

#include "sharelens/error.h"

namespace testutil {

// The sharelens::Error a call throws, or nothing.
template <typename F>
std::optional<sharelens::Error> errorOf(F&& f) {
    try {
        f();
    } catch (const sharelens::Error& e) {
        return e;
    }
    return std::nullopt;
}

// Every file name in `dir`, to catch leftover temporary files.
inline QStringList entries(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace testutil
