#!/usr/bin/env bash
# Builds and runs every test, as CI does (the README's test command):
#   1. dev:  the optimised build and the whole ctest suite
#   2. asan: the AddressSanitizer + UBSan build (Debug) and the whole suite
#            under it, two tests at a time (tst_stress also with LeakSanitizer)
#   3. fuzz: the libFuzzer targets (clang): each replays fuzz/regressions/ and
#            then fuzzes for SHARELENS_FUZZ_SECONDS (30 s), two at a time
# Each part is one CMake workflow preset (CMakePresets.json); run one alone
# with `cmake --workflow --preset NAME`. Every part runs even when an earlier
# one failed (they share nothing), and the script fails if any part did.
set -uo pipefail
cd "$(dirname "$0")/.."

summary=()
failed=0
for part in dev asan fuzz; do
    echo "==== test-all: cmake --workflow --preset $part"
    start=$(date +%s)
    if cmake --workflow --preset "$part"; then
        summary+=("$part passed in $(( $(date +%s) - start )) s")
    else
        summary+=("$part FAILED after $(( $(date +%s) - start )) s")
        failed=1
    fi
    echo "==== test-all: ${summary[-1]}"
done
echo "==== test-all: $(IFS=';'; echo "${summary[*]}")"
exit $failed
