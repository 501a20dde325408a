// The distillation modes' names (sharelens/trainer.h); torch-free, for the
// session reader and the GUI's value types.
#include "sharelens/trainer.h"

namespace sharelens {

const char* distillModeName(DistillMode m) {
    switch (m) {
    case DistillMode::Logits: return "logits";
    case DistillMode::Hidden: return "hidden";
    case DistillMode::Both: return "both";
    default: return "none";
    }
}

bool parseDistillMode(const std::string& text, DistillMode* mode) {
    for (auto m : {DistillMode::None, DistillMode::Logits, DistillMode::Hidden, DistillMode::Both})
        if (text == distillModeName(m)) {
            *mode = m;
            return true;
        }
    return false;
}

} // namespace sharelens
