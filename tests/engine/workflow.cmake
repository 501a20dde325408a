# The engine's workflows: provenance numbers round-trip, the fine-tune
# workflow's outcome (completed, cancelled) and its provenance.
sharelens_add_test(tst_workflow SOURCES tst_workflow.cpp LIBS ShareLens::Engine LABELS engine TIMEOUT 300)
target_include_directories(tst_workflow PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
