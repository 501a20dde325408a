# Cancellation stress: the GUI runners started and cancelled at random moments.
sharelens_add_test(tst_stress SOURCES tst_stress.cpp LIBS ShareLens::App LABELS gui stress COST 42)
# In the asan preset this suite also runs LeakSanitizer (the preset turns leak
# detection off for the rest): 150 cancelled jobs must leave nothing behind.
# Without a sanitizer runtime the variable is ignored.
set_property(TEST tst_stress APPEND PROPERTY ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1")
