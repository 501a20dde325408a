# Cancellation stress: the GUI runners started and cancelled at random moments (issue 8).
sharelens_add_test(tst_stress SOURCES tst_stress.cpp LIBS ShareLens::App LABELS gui stress)
