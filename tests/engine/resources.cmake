# Resource guards: memory estimates against measured resident memory, the refusal message.
sharelens_add_test(tst_resources SOURCES tst_resources.cpp LIBS ShareLens::Engine LABELS engine)
