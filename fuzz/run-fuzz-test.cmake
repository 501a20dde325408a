# ctest driver of one fuzz target (see fuzz/CMakeLists.txt):
#   1. replays every committed input under fuzz/regressions/NAME (must not crash),
#   2. fuzzes for SECONDS on a fresh copy of fuzz/corpus/NAME (the committed
#      corpus is never written), leaving crash-* / leak-* / timeout-* files in WORKDIR.
foreach(v FUZZER NAME CORPUS WORKDIR SECONDS)
    if(NOT DEFINED ${v})
        message(FATAL_ERROR "run-fuzz-test.cmake: ${v} is not set")
    endif()
endforeach()

set(common -rss_limit_mb=2048 -timeout=10 -malloc_limit_mb=1024)
if(DICT)
    list(APPEND common -dict=${DICT})
endif()

if(DEFINED REGRESSIONS AND IS_DIRECTORY "${REGRESSIONS}")
    file(GLOB regressions LIST_DIRECTORIES false "${REGRESSIONS}/*")
    if(regressions)
        list(LENGTH regressions n)
        message(STATUS "fuzz.${NAME}: replaying ${n} regression inputs")
        execute_process(COMMAND ${FUZZER} ${common} ${regressions} RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "fuzz.${NAME}: a committed regression input fails again (exit ${rc})")
        endif()
    endif()
endif()

file(REMOVE_RECURSE "${WORKDIR}")
file(MAKE_DIRECTORY "${WORKDIR}/corpus")
file(GLOB seeds LIST_DIRECTORIES false "${CORPUS}/*")
if(NOT seeds)
    message(FATAL_ERROR "fuzz.${NAME}: no seed inputs in ${CORPUS}")
endif()
file(COPY ${seeds} DESTINATION "${WORKDIR}/corpus")

execute_process(
    COMMAND ${FUZZER} ${common} -max_total_time=${SECONDS} -print_final_stats=1
            -artifact_prefix=${WORKDIR}/ "${WORKDIR}/corpus"
    WORKING_DIRECTORY "${WORKDIR}"
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    file(GLOB artifacts "${WORKDIR}/crash-*" "${WORKDIR}/leak-*" "${WORKDIR}/timeout-*" "${WORKDIR}/oom-*"
                        "${WORKDIR}/slow-unit-*")
    message(FATAL_ERROR "fuzz.${NAME}: the fuzzer found a failing input (exit ${rc}): ${artifacts}\n"
                        "Reproduce with: ${FUZZER} <file>; see fuzz/README.md")
endif()
