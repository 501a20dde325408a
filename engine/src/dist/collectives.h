// Engine-internal: the collectives of a distributed job (see
// sharelens/distributed.h), on the Gloo process group dist::init() opened.
#pragma once

#include <torch/torch.h>

#include <vector>

namespace sharelens::dist {

// Replaces every tensor by the sum of its values on all ranks, added in rank
// order ((rank 0 + rank 1) + rank 2 ...): the same bits on every rank, and
// the same bits as a one-process sum of the same parts in the same order.
// The tensors go in buckets of at most `bucketBytes` (consecutive tensors of
// one dtype flattened into one buffer, a larger tensor in pieces), each
// bucket one allgather. Undefined tensors are skipped (on every rank alike).
// `what` names the step for the message when a peer fails.
void sumInRankOrder(std::vector<torch::Tensor>& tensors, const char* what, int64_t bucketBytes = 16 << 20);

// Seconds this process spent in collectives since the last reset.
double communicationSeconds();
void resetCommunicationSeconds();

} // namespace sharelens::dist
