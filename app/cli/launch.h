// Distributed runs of sharelens-cli: --launch N starts N local workers of
// this binary; a worker (or a rank torchrun started) joins its group from
// the environment.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace sharelens::cli {

// Starts `n` workers running `args` (a command line without --launch), waits
// for them all and returns the first failing worker's exit code (0 when
// every worker succeeded); names the failing rank on `err`.
int launchWorkers(const std::vector<std::string>& args, int n, std::ostream& err);

// A TCP port on 127.0.0.1 that nothing listens on right now (the rendezvous
// of local workers); 0 when none can be had, with errno saying why.
int freeLoopbackPort();

} // namespace sharelens::cli
