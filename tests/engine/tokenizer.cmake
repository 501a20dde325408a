# Tokenizers: byte-level BPE (GPT-2 ids from an independent reference,
# Llama 3 / Qwen2 pre-tokenizers), bytes, SentencePiece via the helper.
sharelens_add_test(tst_tokenizer SOURCES tst_tokenizer.cpp LIBS ShareLens::Core)
if(TARGET sharelens-spm)
    add_dependencies(tst_tokenizer sharelens-spm)
endif()
