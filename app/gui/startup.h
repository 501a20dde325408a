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
