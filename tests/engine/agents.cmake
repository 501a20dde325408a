# Agents mode: several models as one system (similarity at two levels against
# numpy, weight differences, cross-agent plans, the tied system, shared
# fine-tune) and `sharelens-cli analyze/finetune` with several MODELs.
sharelens_add_test(tst_agents SOURCES tst_agents.cpp LIBS ShareLens::Engine torch LABELS engine TIMEOUT 600 COST 50)
target_include_directories(tst_agents PRIVATE ${PROJECT_SOURCE_DIR}/engine/src ${PROJECT_SOURCE_DIR}/tests/common)
add_dependencies(tst_agents sharelens-cli)
