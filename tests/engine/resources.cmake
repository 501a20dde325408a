# Resource guards: memory estimates against measured resident memory, the refusal message, the
# reuse of large tensor buffers.
sharelens_add_test(tst_resources SOURCES tst_resources.cpp LIBS ShareLens::Engine torch LABELS engine)
target_include_directories(tst_resources PRIVATE ${PROJECT_SOURCE_DIR}/engine/src)
