// The message templates of sharelens::Error and their composition.
#include "sharelens/error.h"

#include <iterator>

namespace sharelens {

namespace {

const char* const kTemplates[] = {
#define SHARELENS_ERROR(code, text) text,
#include "sharelens/error_messages.h"
#undef SHARELENS_ERROR
};

} // namespace

const char* errorTemplate(ErrorCode code) noexcept {
    const auto i = static_cast<std::size_t>(code);
    return i < std::size(kTemplates) ? kTemplates[i] : "%1";
}

int errorCodeCount() noexcept { return static_cast<int>(std::size(kTemplates)); }

std::string fillPlaceholders(std::string_view text, const std::vector<std::string>& args) {
    std::string out;
    out.reserve(text.size() + 64);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 1 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9') {
            const auto k = static_cast<std::size_t>(text[i + 1] - '1');
            if (k < args.size()) {
                out += args[k];
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

std::string ErrorMessage::text() const {
    std::vector<std::string> args;
    args.reserve(m_args.size());
    for (const ErrorArg& a : m_args) args.push_back(a.text);
    return fillPlaceholders(errorTemplate(m_code), args);
}

} // namespace sharelens
