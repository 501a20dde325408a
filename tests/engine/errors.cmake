# Errors as data: codes and arguments compose what(), the templates' placeholders, their German in the .ts file.
sharelens_add_test(tst_errors SOURCES tst_errors.cpp LIBS ShareLens::Core LABELS engine)
