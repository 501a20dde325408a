# The catalogue of bad inputs (issue 8): exact messages through the CLI and the GUI.
sharelens_add_test(tst_catalogue SOURCES tst_catalogue.cpp LIBS ShareLens::App LABELS cli gui TIMEOUT 900)
add_dependencies(tst_catalogue sharelens-cli)
