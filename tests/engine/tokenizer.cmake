# Tokenizers: byte-level BPE (GPT-2 ids from an independent reference,
# Llama 3 / Qwen2 pre-tokenizers, broken tokenizer.json files) in tst_tokenizer;
# SentencePiece via the helper, the byte tokenizer and the choice of tokenizer
# for a model folder in tst_tokenizer_spm.
sharelens_add_test(tst_tokenizer SOURCES tst_tokenizer.cpp tokenizer_testutil.h LIBS ShareLens::Core)
sharelens_add_test(tst_tokenizer_spm SOURCES tst_tokenizer_spm.cpp tokenizer_testutil.h LIBS ShareLens::Core)
if(TARGET sharelens-spm)
    add_dependencies(tst_tokenizer_spm sharelens-spm)
endif()
# Bounds: encodePrefix against the full encoding, the regex work limits, and
# tokenizer files that are no regular file, in tst_tokenizer_limits.
# Real families' tokenizer.json (Mistral / Llama 2 SentencePiece-style BPE,
# Gemma 3, Llama 3, Qwen3) against an independent encoder's ids, BOS windows,
# tokenizer_config.json, in tst_tokenizer_families.
sharelens_add_test(tst_tokenizer_families SOURCES tst_tokenizer_families.cpp tokenizer_testutil.h LIBS ShareLens::Core
                   COST 62)
sharelens_add_test(tst_tokenizer_limits SOURCES tst_tokenizer_limits.cpp tokenizer_testutil.h LIBS ShareLens::Core)
