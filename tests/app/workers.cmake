# The GUI's "workers" setting: an analysis on 2 local sharelens-cli processes
# (per-rank progress, the in-process similarity, cancel ends every worker).
sharelens_add_test(tst_workers SOURCES tst_workers.cpp LIBS ShareLens::App LABELS gui heavy TIMEOUT 600 COST 120)
target_include_directories(tst_workers PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_workers sharelens-cli)
# One BLAS thread in the test's own process too, as in its workers: the
# in-process analysis and fine-tune it compares against run the same kernels.
set_tests_properties(tst_workers PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8;OPENBLAS_NUM_THREADS=1;OMP_NUM_THREADS=1")
