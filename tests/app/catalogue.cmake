# The catalogue of bad inputs: exact messages through the CLI and the GUI.
sharelens_add_test(tst_catalogue SOURCES tst_catalogue.cpp LIBS ShareLens::App LABELS cli gui TIMEOUT 1800 COST 280)
# 1800 s: ~100 runs of sharelens-cli; under the asan preset on a loaded 2-core
# machine the suite took 858 s (a hang guard, not a speed check).
add_dependencies(tst_catalogue sharelens-cli)
