// Engine-internal: integer fields of the JSON files ShareLens reads (sharing
// plans, agents plans). nlohmann's get<T>() converts a floating-point value
// with a cast that is undefined behaviour out of T's range (1e30 as int) and
// silently wraps a too-large integer; these refuse both with a message naming
// the field: "<what>: \"<key>\" must be an integer from <min> to <max>, but it is ...".
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "sharelens/error.h"

namespace sharelens {

template <typename T>
T jsonInteger(const nlohmann::json& v, const char* key, ErrorCode what, const std::string& path) {
    using Lim = std::numeric_limits<T>;
    bool ok = false;
    if (v.is_number_unsigned())
        ok = v.get<uint64_t>() <= static_cast<uint64_t>(Lim::max());
    else if (v.is_number_integer())
        ok = v.get<int64_t>() >= 0 ? static_cast<uint64_t>(v.get<int64_t>()) <= static_cast<uint64_t>(Lim::max())
                                   : std::is_signed<T>::value && v.get<int64_t>() >= static_cast<int64_t>(Lim::min());
    if (!ok)
        throw Error(
            ErrorCode::JsonMustInteger,
            {ErrorMessage(what), key, std::to_string(Lim::min()), std::to_string(Lim::max()),
             (v.is_structured() ? std::string("an ") + v.type_name()
                                : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).substr(0, 40))},
            path);
    return v.is_number_unsigned() ? static_cast<T>(v.get<uint64_t>()) : static_cast<T>(v.get<int64_t>());
}

// An optional integer field of an object (`fallback` when absent).
template <typename T>
T jsonInteger(const nlohmann::json& obj, const char* key, T fallback, ErrorCode what, const std::string& path) {
    if (!obj.is_object())
        throw Error(obj.is_structured() ? ErrorCode::JsonExpectedObjectFoundAn : ErrorCode::JsonExpectedObjectFoundA,
                    {ErrorMessage(what), key, obj.type_name()}, path);
    const auto it = obj.find(key);
    return it == obj.end() ? fallback : jsonInteger<T>(*it, key, what, path);
}

} // namespace sharelens
