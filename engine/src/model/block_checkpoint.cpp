// Gradient checkpointing of one block (see checkpointedBlock in models.h).
#include <torch/torch.h>

#include "model/models.h"

namespace sharelens {

namespace {

// What the backward pass needs to run the block again: the block (which
// holds its parameters) and a copy of the forward's context (the caller's
// goes out of scope before the backward pass).
struct BlockRun : torch::CustomClassHolder {
    std::shared_ptr<Block> block;
    ForwardContext ctx;
};

// Inputs: x, then the block's own parameters (so autograd routes their
// gradients), then the run. The forward runs without a graph (autograd
// functions' forwards do); the backward runs the block again on a detached
// copy of x with a graph and differentiates that.
struct CheckpointFunction : torch::autograd::Function<CheckpointFunction> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ac, const torch::Tensor& x,
                                 at::TensorList /*parameters*/, const c10::intrusive_ptr<BlockRun>& run) {
        ac->save_for_backward({x});
        ac->saved_data["run"] = c10::IValue::make_capsule(run);
        return run->block->forward(x, run->ctx);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ac,
                                                   torch::autograd::variable_list gradOut) {
        const auto saved = ac->get_saved_variables();
        const auto run = c10::static_intrusive_pointer_cast<BlockRun>(ac->saved_data["run"].toCapsule());
        const auto params = run->block->parameters(/*recurse=*/false);
        torch::AutoGradMode withGraph(true);
        auto x = saved[0].detach().requires_grad_(true);
        auto y = run->block->forward(x, run->ctx);
        // Only tensors that take a gradient can be differentiated against;
        // frozen parameters get none.
        std::vector<torch::Tensor> inputs{x};
        std::vector<size_t> which;
        for (size_t k = 0; k < params.size(); ++k)
            if (params[k].requires_grad()) {
                inputs.push_back(params[k]);
                which.push_back(k);
            }
        auto grads = torch::autograd::grad({y}, inputs, {gradOut[0]}, /*retain_graph=*/false,
                                           /*create_graph=*/false, /*allow_unused=*/true);
        torch::autograd::variable_list out(params.size() + 2); // x, parameters, run
        out[0] = grads[0];
        for (size_t j = 0; j < which.size(); ++j) out[1 + which[j]] = grads[1 + j];
        return out;
    }
};

} // namespace

torch::Tensor checkpointedBlock(const std::shared_ptr<Block>& block, const torch::Tensor& x,
                                const ForwardContext& ctx) {
    auto run = c10::make_intrusive<BlockRun>();
    run->block = block;
    run->ctx = ctx;
    run->ctx.subHook = nullptr; // a hook sees the forward once, not the recomputation
    const auto params = block->parameters(/*recurse=*/false);
    return CheckpointFunction::apply(x, at::TensorList(params), run);
}

} // namespace sharelens
