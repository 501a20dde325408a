# The PDF report of a session and `sharelens-cli report`, read back with
# poppler's pdfinfo/pdftotext.
sharelens_add_test(tst_report SOURCES tst_report.cpp LIBS ShareLens::Engine ShareLens::Widgets LABELS widgets cli)
add_dependencies(tst_report sharelens-cli)
