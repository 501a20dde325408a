// Errors the engine reports to its callers. Every failure a user can cause
// (a bad file, an impossible setting) surfaces as sharelens::Error with a
// message that names the file and says what is wrong and what to do.
#pragma once

#include <stdexcept>
#include <string>

namespace sharelens {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, std::string path = {})
        : std::runtime_error(path.empty() ? message : path + ": " + message),
          m_path(std::move(path)), m_detail(message) {}
    // The file the error concerns, empty when it is about a setting.
    const std::string& path() const noexcept { return m_path; }
    // The message without the file name prefix.
    const std::string& detail() const noexcept { return m_detail; }

private:
    std::string m_path;
    std::string m_detail;
};

// Thrown by long-running work when its cancellation flag was raised.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace sharelens
