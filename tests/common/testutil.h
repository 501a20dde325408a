// Shared helpers for the test suites: fixtures made by the Python scripts in
// tests/reference (Debian's python3-torch as an independent oracle) and a way
// to run the command-line tool.
#pragma once

#include <QByteArray>
#include "testpaths.h"
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtTest>

namespace testutil {

inline QString referenceScript(const QString& name) { return testpaths::source("/tests/reference/") + name; }

// Runs /usr/bin/python3 with a script from tests/reference; fails the test on error.
inline bool runPython(const QString& script, const QStringList& args, QString* errorOut = nullptr) {
    QProcess p;
    p.start(testpaths::python3(), QStringList{referenceScript(script)} + args);
    if (!p.waitForFinished(600000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        const QString err = QString::fromLocal8Bit(p.readAllStandardError());
        if (errorOut) *errorOut = err;
        qWarning("%s failed: %s", qPrintable(script), qPrintable(err));
        return false;
    }
    return true;
}

// Writes a Hugging Face folder with random weights (see make_checkpoint.py).
inline bool makeCheckpoint(const QString& dir, const QStringList& args) {
    return runPython(QStringLiteral("make_checkpoint.py"), QStringList{QStringLiteral("--out"), dir} + args);
}

// The file's bytes; empty when it cannot be read.
inline QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeFile(const QString& path, const QByteArray& data) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return f.write(data) == data.size();
}

// Replaces every `from` in the file by `to`; false (with a warning) when the
// file does not hold `from`.
inline bool replaceIn(const QString& path, const QByteArray& from, const QByteArray& to) {
    QByteArray b = readAll(path);
    if (!b.contains(from)) {
        qWarning("%s does not contain %s", qPrintable(path), from.constData());
        return false;
    }
    return writeFile(path, b.replace(from, to));
}

// Copies the files (not subfolders) of `from` into `to`, made if missing.
inline bool copyFolder(const QString& from, const QString& to) {
    if (!QDir().mkpath(to)) return false;
    const QDir src(from);
    for (const QString& f : src.entryList(QDir::Files))
        if (!QFile::copy(src.filePath(f), QDir(to).filePath(f))) return false;
    return true;
}

// The agents-mode fixture: three small GPT-2 folders in `dir` with `layers`
// blocks: "base" (seed 1), "copy" (the same files: an agent identical to base)
// and "other" (seed 2). Paths in *base, *copy, *other.
inline bool makeAgentTrio(const QString& dir, int layers, QString* base, QString* copy, QString* other) {
    const QStringList common{"--family", "gpt2", "--layers", QString::number(layers), "--vocab", "256"};
    *base = dir + QStringLiteral("/base");
    *copy = dir + QStringLiteral("/copy");
    *other = dir + QStringLiteral("/other");
    return makeCheckpoint(*base, common + QStringList{"--seed", "1"}) && copyFolder(*base, *copy) &&
           makeCheckpoint(*other, common + QStringList{"--seed", "2"});
}

inline QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline QString cliPath() { return testpaths::binary("/app/sharelens-cli"); }

// `env`: extra "NAME=value" entries for the process's environment.
inline CliResult runCli(const QStringList& args, int timeoutMs = 600000, const QStringList& env = {}) {
    QProcess p;
    if (!env.isEmpty()) {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        for (const QString& kv : env) e.insert(kv.section('=', 0, 0), kv.section('=', 1));
        p.setProcessEnvironment(e);
    }
    p.start(cliPath(), args);
    CliResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace testutil
