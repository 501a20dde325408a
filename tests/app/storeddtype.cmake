# The GUI keeps an F16/BF16 model's matrices in their stored dtype: the open
# model's weights as held, an analysis from the main window against the
# float32-loaded model, a fine-tune over the open model (teacher and budget
# comparison), the export of its trained shared model, and the command
# line's export (which opens the model as stored).
sharelens_add_test(tst_storeddtype SOURCES tst_storeddtype.cpp LIBS ShareLens::App LABELS gui TIMEOUT 600)
target_include_directories(tst_storeddtype PRIVATE ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_storeddtype sharelens-cli)
