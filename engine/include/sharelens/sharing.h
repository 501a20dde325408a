// A shared model built from a sharing plan (see Definitions in the design
// document under docs/).
//
// Every member position of a group uses ONE set of parameters: the same
// tensors (tied), so autograd sums the gradients of every position into them.
// Options follow the related methods named in the design document (docs/):
//  - init: the shared weights start as the elementwise mean of the members,
//    the medoid member, the first member, or LaCo's merge (the first member
//    plus the sum of the others' differences from it). The medoid is the member whose
//    shared tensors (all but private norms) have the smallest summed squared
//    Euclidean distance to the other members' (ties: the lowest position).
//    It is computed from the weights, not from the plan's activation
//    similarity, so it needs nothing but the model.
//  - privateNorms (WideNet, FoldGPT): each member keeps its own norm tensors;
//    each position gets a thin wrapper block that owns its norms and refers
//    to the shared weights.
//  - deltaRank r (Relaxed Recursive Transformers): each member adds its own
//    A_i B_i of rank r to every shared weight matrix, initialised from the
//    truncated SVD of (member weight - shared weight), and its own full
//    difference vector to every shared vector (biases, shared norms: a few
//    parameters). r >= the matrices' rank reproduces the original model;
//    r = 0 is pure sharing.
// Units are whole blocks or sub-layers (attention, MLP, each with the norm
// that feeds it): a sub-layer group ties only that part's tensors of its
// member blocks; a group may not join attention with MLP.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "sharelens/plan.h"

namespace sharelens {

class Model;

struct ShareOptions {
    std::optional<SharedInit> init; // unset: each group's own init from the plan
    bool privateNorms = false;
    int deltaRank = 0; // 0 = pure sharing
    // Groups may tie layers of different attention types (sliding-window with
    // global); refused by default (PlanMixesAttentionTypes).
    bool allowMixedAttention = false;
};

struct SharedModelInfo {
    int64_t parameters = 0;      // unique parameters of the shared model
    int64_t deltaParameters = 0; // of which low-rank deltas
    std::vector<int> medoids;    // per plan group: the member position used (-1 unless medoid init)
};

// Builds an independent shared copy of `base` (base is not modified; singleton
// groups keep copies of their own blocks). Throws sharelens::Error when the
// plan does not fit the model (unit count, unit sizes), groups units of
// different attention types (unless options.allowMixedAttention), groups units of
// different kinds, or deltaRank is negative.
std::unique_ptr<Model> makeSharedModel(const Model& base, const SharingPlan& plan, const ShareOptions& options,
                                       SharedModelInfo* info = nullptr);

} // namespace sharelens
