# A sample of the bad-input catalogue in the German interface: the dialog shows the German sentence.
sharelens_add_test(tst_catalogue_de SOURCES tst_catalogue_de.cpp LIBS ShareLens::App LABELS gui TIMEOUT 900 COST 40)
