// Export benchmark: time to write a shared model as a compact checkpoint and
// as a Hugging Face folder (both atomic: temporary folder, fsync, rename).
// run-export-bench.sh times torch.save of the same unique tensors in the
// same run and prints the ratio.
//
//   bench_export MODEL_DIR PLAN.json OUT_DIR
// prints one JSON object on stdout.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>

#include "sharelens/data.h"
#include "sharelens/export.h"
#include "sharelens/model.h"
#include "sharelens/plan.h"
#include "sharelens/sharing.h"

namespace {

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: bench_export MODEL_DIR PLAN.json OUT_DIR\n";
        return 2;
    }
    try {
        namespace fs = std::filesystem;
        const std::string out = argv[3];
        fs::create_directories(out); // the exports create their own folders, not the parents
        auto base = sharelens::Model::load(argv[1]);
        const auto plan = sharelens::planFromJson(sharelens::readFile(argv[2]), argv[2]);
        auto shared = sharelens::makeSharedModel(*base, plan, {});
        // Best of three: the first write also faults the source pages in.
        double compact = 1e30, hf = 1e30;
        for (int r = 0; r < 3; ++r) {
            auto t0 = std::chrono::steady_clock::now();
            sharelens::saveCompact(*shared, out + "/compact", sharelens::DType::F32);
            compact = std::min(compact, seconds(t0));
            t0 = std::chrono::steady_clock::now();
            sharelens::exportHuggingFace(*shared, out + "/hf", sharelens::DType::F32);
            hf = std::min(hf, seconds(t0));
        }
        std::cout << "{\"compact_s\": " << compact
                  << ", \"compact_bytes\": " << fs::file_size(out + "/compact/model.safetensors")
                  << ", \"hf_s\": " << hf << ", \"hf_bytes\": " << fs::file_size(out + "/hf/model.safetensors")
                  << ", \"unique_parameters\": " << shared->summary().parameters << "}\n";
    } catch (const std::exception& e) {
        std::cerr << "bench_export: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
