// Checkpoint loading benchmark: time and resident memory to open a model,
// against reading the same file into memory (the copy a non-mapping loader
// would make), measured in the same run.
//
//   bench_load MODEL_DIR
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "sharelens/checkpoint.h"
#include "sharelens/model.h"

namespace {

// Current resident set size in bytes, from /proc/self/statm.
long long rssBytes() {
    std::ifstream f("/proc/self/statm");
    long long pages = 0, resident = 0;
    f >> pages >> resident;
    return resident * 4096;
}

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: bench_load MODEL_DIR\n";
        return 2;
    }
    const std::string dir = argv[1];
    try {
        const long long rss0 = rssBytes();
        auto t0 = std::chrono::steady_clock::now();
        auto ck = sharelens::openCheckpoint(dir);
        const double tHeaders = seconds(t0);
        const double fileBytes = static_cast<double>(ck.weightBytes());

        t0 = std::chrono::steady_clock::now();
        auto model = sharelens::Model::load(ck);
        const double tLoad = seconds(t0);
        const long long rssLoaded = rssBytes();

        t0 = std::chrono::steady_clock::now();
        std::vector<int32_t> ids(64);
        for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int32_t>(i % 50);
        model->logits(ids);
        const double tForward = seconds(t0);
        const long long rssForward = rssBytes();

        // Reference: read the whole weight file into a buffer.
        t0 = std::chrono::steady_clock::now();
        std::vector<char> copy;
        {
            std::ifstream f(ck.weightFiles.front(), std::ios::binary);
            f.seekg(0, std::ios::end);
            copy.resize(static_cast<size_t>(f.tellg()));
            f.seekg(0);
            f.read(copy.data(), static_cast<std::streamsize>(copy.size()));
        }
        const double tRead = seconds(t0);
        const long long rssRead = rssBytes();

        const double MiB = 1024.0 * 1024.0;
        std::printf("checkpoint: %s (%s, %.1f MiB of tensors, %lld parameters)\n", dir.c_str(),
                    ck.dominantDtype().c_str(), fileBytes / MiB, static_cast<long long>(ck.parameterCount()));
        std::printf("%-34s %10s %14s %12s\n", "step", "time [s]", "RSS [MiB]", "RSS / file");
        auto row = [&](const char* name, double t, long long rss) {
            std::printf("%-34s %10.3f %14.1f %12.3f\n", name, t, static_cast<double>(rss) / MiB,
                        static_cast<double>(rss - rss0) / fileBytes);
        };
        row("open headers", tHeaders, rss0);
        row("load model (map)", tLoad, rssLoaded);
        row("first forward (pages touched)", tForward, rssForward);
        row("reference: read file into RAM", tRead, rssRead);
        std::printf("mapped load: model RSS growth after a forward = %.2f x file size "
                    "(a copying loader holds >= 1.00 x; with the reference copy: %.2f x)\n",
                    static_cast<double>(rssForward - rss0) / fileBytes,
                    static_cast<double>(rssRead - rss0) / fileBytes);
        std::printf("load speed: mapped open %.1f x faster than reading the file\n", tRead / std::max(tLoad, 1e-9));
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_load: " << e.what() << "\n";
        return 1;
    }
}
