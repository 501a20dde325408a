// sharelens-cli's commands called in this process through the ShareLens::Cli
// library: the exit code and the bytes written to its two streams, as
// testutil::runCli gives them for the tool run as a process.
#pragma once

#include <QStringList>

#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "testutil.h"

namespace testutil {

inline CliResult runInProcess(const QStringList& args) {
    std::vector<std::string> a;
    for (const QString& s : args) a.push_back(s.toStdString());
    std::ostringstream out, err;
    CliResult r;
    r.exitCode = sharelens::cli::run(a, out, err);
    r.out = QByteArray::fromStdString(out.str());
    r.err = QByteArray::fromStdString(err.str());
    return r;
}

} // namespace testutil
