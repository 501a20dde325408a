// A bounded look at a pickle before LibTorch unpickles it.
#pragma once

#include <string>
#include <string_view>

namespace sharelens {

// Walks the opcodes of `pickle` (protocols 0 to 5) without building
// anything and throws ErrorCode::PickleTooLarge or ErrorCode::PickleTooDeep
// (naming path) when it is larger than kMaxPickleBytes or builds objects
// nested deeper than kMaxPickleDepth (LibTorch's unpickler and the values it
// builds recurse once per level). Iterative; stops quietly at an opcode it
// does not know or a truncated operand, which LibTorch then reports.
void checkPickleBounds(std::string_view pickle, const std::string& path);

} // namespace sharelens
