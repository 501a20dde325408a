// Precompiled header of the LibTorch part of the engine.
#pragma once
#include <torch/torch.h>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>
