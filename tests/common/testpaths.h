// Where the tests find the source tree, the build tree and Python. The paths
// live in one generated file (testpaths.cpp.in) compiled into a small library
// instead of compile definitions, so the test objects' command lines carry no
// absolute path and a fresh clone's build reuses the compiler cache.
#pragma once

#include <QString>
#include <string>

namespace testpaths {

QString source(const char* rel = ""); // the project's source folder + rel ("/resources/demo")
std::string sourceStd(const char* rel = "");
QString binary(const char* rel = ""); // the build folder + rel ("/app/sharelens-cli")
QString python3();                    // the interpreter the reference scripts run with

} // namespace testpaths
