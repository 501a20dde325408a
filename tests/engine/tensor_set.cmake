# The tensor set a config.json implies, checked against a checkpoint's list.
sharelens_add_test(tst_tensor_set SOURCES tst_tensor_set.cpp LIBS ShareLens::Engine torch)
