// The sentence a user reads for an error, in the interface's language: the
// engine reports sharelens::Error as a code and arguments; this composes the
// translated sentence from them (context "sharelens::Error").
#pragma once

#include <QString>

#include <exception>

namespace sharelens {
class ErrorMessage;
}

namespace sharelens::widgets {

// "FILE: sentence" (or the sentence) for a sharelens::Error, translated by the
// installed translators; what() for any other exception.
QString errorText(const std::exception& e);
// One message (no file prefix), translated.
QString errorText(const ErrorMessage& message);

// Why `path` must not be written (sharelens::checkOutputFile: a device, pipe
// or socket, a read-only file, a folder), translated; empty when it may be.
// Every writer of a user-chosen path through QSaveFile asks this first, since
// QSaveFile's rename would replace such a file.
QString outputFileProblem(const QString& path);

} // namespace sharelens::widgets
