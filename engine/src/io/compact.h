// Engine-internal, torch-free: the metadata of a ShareLens compact checkpoint
// (sharelens/export.h describes the format). Part of the core so that the
// fuzz target fuzz_compact_meta can run exactly what opening a compact
// checkpoint checks before any tensor byte is read.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sharelens/checkpoint.h"

namespace sharelens {

// A checkpoint whose metadata holds "sharelens.format": checks the format
// marker and the sharing map ("sharelens.map") against c.tensors (every
// alias, block prefix and delta names a stored tensor, no alias shadows a
// stored tensor, delta shapes fit their base), then sets c.compactFormat and
// c.sharing and appends every alias as a tensor with the stored one's dtype,
// shape and file and storedAs set. Messages name c.weightFiles.front() (or
// c.dir). `pool`: the tensors of the agent's shared pool (sharelens/export.h),
// which the map may name too; a pool tensor the agent uses is listed under
// the first of the agent's names that uses it (fileName = its pool name), the
// agent's other names for it are aliases of that one. Throws sharelens::Error.
void openCompact(Checkpoint& c, const std::vector<CheckpointTensor>& pool = {});

// The "sharelens.provenance" metadata (a JSON object) as strings: string
// values as they are, others as their JSON text. Throws sharelens::Error
// naming `file`.
std::map<std::string, std::string> compactProvenance(const std::string& text, const std::string& file);

} // namespace sharelens
