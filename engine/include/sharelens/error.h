// Errors the engine reports to its callers. Every failure a user can cause
// (a bad file, an impossible setting) surfaces as sharelens::Error carrying
// data: an ErrorCode, the arguments of its message and the file it concerns.
// what() is the English sentence composed from the code's template
// (error_messages.h); app/ composes the translated one from the same data.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sharelens {

enum class ErrorCode {
#define SHARELENS_ERROR(code, text) code,
#include "sharelens/error_messages.h"
#undef SHARELENS_ERROR
};

// The English template of a code, with placeholders %1 .. %9 (the source
// text Qt's translation files key on, in context "sharelens::Error").
const char* errorTemplate(ErrorCode code) noexcept;
// The number of codes (codes run from 0 to errorCodeCount() - 1).
int errorCodeCount() noexcept;
// Replaces %1 .. %9 in one pass with args[0] .. args[8]; a placeholder
// without an argument stays as it is.
std::string fillPlaceholders(std::string_view text, const std::vector<std::string>& args);

class ErrorMessage;

// One argument of a message: plain text, or a message of its own (which a
// translation translates too).
struct ErrorArg {
    ErrorArg(std::string s) : text(std::move(s)) {}
    ErrorArg(const char* s) : text(s) {}
    ErrorArg(std::string_view s) : text(s) {}
    ErrorArg(const ErrorMessage& m);
    std::string text;                            // the English text
    std::shared_ptr<const ErrorMessage> message; // set when it is a message
};

// What went wrong, as data: a code and the arguments of its template.
class ErrorMessage {
public:
    ErrorMessage(ErrorCode code, std::vector<ErrorArg> args) : m_code(code), m_args(std::move(args)) {}
    explicit ErrorMessage(ErrorCode code) : m_code(code) {}
    // Free text that has no code of its own (ErrorCode::Text).
    explicit ErrorMessage(std::string text) : m_code(ErrorCode::Text), m_args{ErrorArg(std::move(text))} {}
    ErrorCode code() const noexcept { return m_code; }
    const std::vector<ErrorArg>& args() const noexcept { return m_args; }
    // The English sentence.
    std::string text() const;

private:
    ErrorCode m_code;
    std::vector<ErrorArg> m_args;
};

inline ErrorArg::ErrorArg(const ErrorMessage& m) : text(m.text()), message(std::make_shared<ErrorMessage>(m)) {}

class Error : public std::runtime_error {
public:
    Error(ErrorMessage message, std::string path = {}) : Error(message.text(), std::move(path), message) {}
    Error(ErrorCode code, std::vector<ErrorArg> args, std::string path = {})
        : Error(ErrorMessage(code, std::move(args)), std::move(path)) {}
    // Free text (ErrorCode::Text); for messages that have no code yet.
    explicit Error(const std::string& text, std::string path = {}) : Error(ErrorMessage(text), std::move(path)) {}
    // The same message about another file.
    Error withPath(std::string path) const { return Error(m_message, std::move(path)); }

    ErrorCode code() const noexcept { return m_message.code(); }
    const std::vector<ErrorArg>& args() const noexcept { return m_message.args(); }
    const ErrorMessage& message() const noexcept { return m_message; }
    // The whole sentence as a message: "PATH: DETAIL", or the detail.
    ErrorMessage fullMessage() const {
        return m_path.empty() ? m_message : ErrorMessage(ErrorCode::WithPath, {m_path, m_message});
    }
    // The file the error concerns, empty when it is about a setting.
    const std::string& path() const noexcept { return m_path; }
    // The message without the file name prefix.
    const std::string& detail() const noexcept { return m_detail; }

private:
    Error(std::string detail, std::string path, const ErrorMessage& message)
        : std::runtime_error(path.empty() ? detail : path + ": " + detail), m_path(std::move(path)),
          m_detail(std::move(detail)), m_message(message) {}
    std::string m_path;
    std::string m_detail;
    ErrorMessage m_message;
};

// Thrown by long-running work when its cancellation flag was raised.
class Cancelled : public Error {
public:
    Cancelled() : Error(ErrorCode::Cancelled, {}) {}
};

} // namespace sharelens
