# eval / compare --tasks and --stride through the CLI library on the demo
# model: JSON fields, the table, and the one-line messages for bad input.
sharelens_add_test(tst_tasks_cli SOURCES tst_tasks_cli.cpp LIBS ShareLens::Cli Qt6::Gui LABELS cli COST 20)
target_include_directories(tst_tasks_cli PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
