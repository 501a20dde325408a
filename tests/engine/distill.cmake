# Distillation healing: the loss against PyTorch's functions, identical
# teacher and student, a few steps lowering the KL, a frozen teacher.
sharelens_add_test(tst_distill SOURCES tst_distill.cpp LIBS ShareLens::Engine torch LABELS engine TIMEOUT 300)
target_include_directories(tst_distill PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
