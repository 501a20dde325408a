# Hostile tokenizers through the command line: tokenizer files that are no
# regular file, and a pathological pre-tokenizer pattern on a 2 MB text.
sharelens_add_test(tst_hostile_tokenize SOURCES tst_hostile_tokenize.cpp LABELS cli TIMEOUT 900)
add_dependencies(tst_hostile_tokenize sharelens-cli)
