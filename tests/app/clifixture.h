// Command-line suites: the demo model's analysis that the fine-tune,
// compare, export, importance and distributed suites start from.
#pragma once

#include <QString>
#include <QStringList>

#include "testutil.h"

namespace clifixture {

// Runs `sharelens-cli analyze` on resources/demo (sequence length 64, eight
// sequences of `text`, threshold 0.1, then `extra`) with its output in
// `out` (analysis.json); `env` as for testutil::runCli.
inline testutil::CliResult analyseDemo(const QString& text, const QString& out, const QStringList& extra = {},
                                       const QStringList& env = {}) {
    return testutil::runCli(QStringList{"analyze", testpaths::source("/resources/demo"), "--text", text, "--seq-len",
                                        "64", "--sequences", "8", "--threshold", "0.1", "--out", out} +
                                extra,
                            600000, env);
}

} // namespace clifixture
