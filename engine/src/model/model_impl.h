// Engine-internal: what a sharelens::Model holds.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "model/models.h"
#include "sharelens/checkpoint.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"

namespace sharelens {

struct Model::Impl {
    Checkpoint checkpoint;
    std::shared_ptr<CausalLM> net;
    // The plan a shared model was built from (makeSharedModel) or read back
    // from a compact checkpoint; how it was built (init, private norms, delta
    // rank, source ...) in `provenance`.
    std::optional<SharingPlan> plan;
    std::map<std::string, std::string> provenance;
};

struct PoolTensors; // tensor_io.h

// Model::load with the tensors of shared pools taken from (and added to)
// `pool`, so agents loaded with one PoolTensors share them (loadAgents).
std::unique_ptr<Model> loadModel(const Checkpoint& checkpoint, PoolTensors* pool, const Progress& progress = {});

} // namespace sharelens
