// Engine-internal: what a sharelens::Model holds.
#pragma once

#include <memory>

#include "models.h"
#include "sharelens/checkpoint.h"
#include "sharelens/model.h"

namespace sharelens {

struct Model::Impl {
    Checkpoint checkpoint;
    std::shared_ptr<CausalLM> net;
};

} // namespace sharelens
