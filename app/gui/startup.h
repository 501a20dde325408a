// What the GUI executable does before its window exists: the application's
// identity, its translators and its command line. Shared by main() and the
// tests, so that what the tests check is what a user starts.
#pragma once

#include <QLocale>
#include <QStringList>

class QCoreApplication;
class QCommandLineParser;
class QCommandLineOption;

namespace sharelens::app {

// Makes glibc give a finished or cancelled job's memory back to the system:
// blocks of 1 MiB and more are mapped on their own (unmapped when freed) and
// a heap keeps at most 4 MiB free at its end. By default both limits grow
// with the largest block freed so far (up to 32 and 64 MiB), so the heaps of
// the worker threads kept tens of MB of a cancelled analysis that even
// malloc_trim() does not return. Call once, first thing in main().
void releaseFreedMemoryPromptly();

// Organisation, application name, version and desktop file name.
void setApplicationIdentity();

// Installs Qt's own translations (qtbase: Save, Cancel, …) and ShareLens's
// for `locale`; the translators belong to the application object. Returns
// which of the two were found ("qtbase", "sharelens").
QStringList installTranslators(const QLocale& locale = QLocale());

// The options of `sharelens [--demo] [MODEL]`, with --help and --version.
void configureCommandLine(QCommandLineParser& parser, QCommandLineOption& demo);

// True when the arguments only ask for text (--help, --version), which needs
// no display: main() answers them with a QCoreApplication.
bool onlyAsksForText(int argc, char** argv);

} // namespace sharelens::app
