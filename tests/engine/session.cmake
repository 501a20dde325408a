# Session files: exact round trip, atomic save, damaged files refused.
sharelens_add_test(tst_session SOURCES tst_session.cpp LIBS ShareLens::Engine LABELS engine)
