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
# Under CI (CI=true) a part's build tree (build/PART, made by its preset) is
# removed once the part has run: together the three trees take several GB, and
# a CI disk filled up while the asan part linked. Elsewhere the trees stay, for
# incremental builds.
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
    if [ "${CI:-}" = true ]; then
        echo "==== test-all: $(du -sh "build/$part" 2>/dev/null | cut -f1) in build/$part; removed (CI)"
        rm -rf "build/$part"
    fi
done
echo "==== test-all: $(IFS=';'; echo "${summary[*]}")"
exit $failed
