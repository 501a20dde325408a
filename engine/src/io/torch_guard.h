// Engine-internal: turns LibTorch exceptions into sharelens::Error at the
// engine boundary, so a bad file never aborts the application. Work inside
// also reuses large tensor buffers (common/tensor_cache.h) until it returns.
#pragma once

#include <c10/util/Exception.h>

#include <new>
#include <string>

#include "common/tensor_cache.h"
#include "sharelens/error.h"

namespace sharelens {

template <typename F>
auto guardTorch(const std::string& path, F&& f) -> decltype(f()) {
    TensorCacheScope reuseBuffers;
    try {
        return f();
    } catch (const Error&) {
        throw;
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::TorchLibTorchReported, {e.what_without_backtrace()}, path);
    } catch (const std::bad_alloc&) {
        throw Error(ErrorCode::TorchOutMemoryUseFewerShorter, {}, path);
    }
}

} // namespace sharelens
