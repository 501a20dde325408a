# The same commands called in-process through the CLI library.
sharelens_add_test(tst_cli_inprocess SOURCES tst_cli_inprocess.cpp LIBS ShareLens::Cli LABELS cli COST 20)
target_include_directories(tst_cli_inprocess PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_cli_inprocess sharelens-cli)
