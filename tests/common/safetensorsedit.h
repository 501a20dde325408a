// Test helper: edits a safetensors file in place through the project's own
// reader and writer (for damaged-metadata cases).
#pragma once

#include <QFile>
#include <QString>

#include <map>
#include <string>
#include <vector>

#include "sharelens/safetensors.h"

namespace testutil {

// Rewrites a safetensors file with changed metadata (same tensors).
inline void rewriteMetadata(const std::string& path, const std::map<std::string, std::string>& changes) {
    auto f = sharelens::MappedSafetensors::open(path);
    std::vector<sharelens::RawTensor> raw;
    for (const auto& t : f->header().tensors) raw.push_back({t.name, t.dtype, t.shape, f->data(t)});
    auto md = f->header().metadata;
    for (const auto& [k, v] : changes) md[k] = v;
    sharelens::writeSafetensors(path + ".new", raw, md);
    f.reset();
    QFile::remove(QString::fromStdString(path));
    QFile::rename(QString::fromStdString(path + ".new"), QString::fromStdString(path));
}

} // namespace testutil
