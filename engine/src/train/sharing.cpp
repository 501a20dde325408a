// Shared models from sharing plans (see sharelens/sharing.h).
#include "sharelens/sharing.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "cluster/plan_parts.h"
#include "model/model_copy.h"
#include "model/model_impl.h"
#include "sharelens/error.h"
#include "sharelens/model.h"
#include "io/torch_guard.h"
#include "train/lean.h"

namespace sharelens {

namespace {

int64_t blockParameters(const Block& b) {
    int64_t n = 0;
    for (const auto& t : b.parameters(/*recurse=*/false)) n += t.numel();
    return n;
}

// The shared value of tensor k: the members' mean (in double), LaCo's merge
// (the first member plus the sum of the others' differences from it, in
// double) or the chosen member's own value (medoid, first).
void writeSharedValue(torch::Tensor& dst, const std::vector<std::vector<torch::Tensor>>& member, size_t k,
                      SharedInit init, size_t chosen) {
    if (init == SharedInit::Laco) {
        const auto first = member.front()[k].to(torch::kFloat64);
        auto sum = first.clone();
        for (size_t i = 1; i < member.size(); ++i) sum += member[i][k].to(torch::kFloat64) - first;
        dst.copy_(sum);
    } else if (init == SharedInit::Mean) {
        std::vector<torch::Tensor> all;
        for (const auto& m : member) all.push_back(m[k].to(torch::kFloat64));
        dst.copy_(torch::stack(all).mean(0));
    } else {
        dst.copy_(member[chosen][k]);
    }
}

// Every tensor a plan's units name is one of the model's block tensors (a
// plan made for another model names tensors this one lacks).
void checkPlanTensors(const CausalLM& net, const SharingPlan& plan) {
    std::set<std::string> have;
    for (int i = 0; i < net.numBlocks(); ++i)
        for (const auto& n : net.block(i)->tensorNames()) have.insert(net.blockPrefix(i) + n);
    for (const auto& u : plan.units)
        for (const auto* list : {&u.tensors, &u.privateTensors})
            for (const auto& n : *list)
                if (!have.count(n)) throw Error(ErrorCode::PlanTensorMissing, {"\"" + n + "\""});
}

// Parameters of block b's tensors that belong to `part` ("block": all).
int64_t partParameters(const CausalLM& net, int b, const std::string& part) {
    if (part == "block") return blockParameters(*net.block(b));
    const auto names = net.block(b)->tensorNames();
    const auto params = net.block(b)->parameters(/*recurse=*/false);
    int64_t n = 0;
    for (size_t k = 0; k < names.size() && k < params.size(); ++k)
        if (unitPartOf(names[k], net.config()) == part) n += params[k].numel();
    return n;
}

ErrorMessage attentionTypeName(const ModelConfig& c, int layer) {
    return ErrorMessage(c.isSlidingLayer(layer) ? ErrorCode::AttentionTypeSliding : ErrorCode::AttentionTypeGlobal);
}

// Sliding-window and global layers attend differently: a group may not tie
// units of both types (PlanMixesAttentionTypes) unless the user allows it.
void checkAttentionTypes(const ModelConfig& c, const SharingPlan& plan, const std::vector<std::vector<int>>& groups) {
    for (size_t g = 0; g < groups.size(); ++g) {
        int first = -1;
        for (int u : groups[g]) {
            const int layer = plan.units[static_cast<size_t>(u)].layer;
            if (first < 0)
                first = layer;
            else if (c.isSlidingLayer(layer) != c.isSlidingLayer(first))
                throw Error(ErrorCode::PlanMixesAttentionTypes,
                            {std::to_string(g), std::to_string(first), attentionTypeName(c, first),
                             std::to_string(layer), attentionTypeName(c, layer)});
        }
    }
}

// A block plan has one unit per block ("block l"); a sub-layer plan two
// ("attn l", "mlp l"), in that order.
void checkPlan(const CausalLM& net, const SharingPlan& plan, const ShareOptions& o) {
    if (o.deltaRank < 0) throw Error(ErrorCode::SharingLowRankDeltaRankMust, {std::to_string(o.deltaRank)});
    if (plan.units.empty()) throw Error(ErrorCode::SharingSharingPlanNoUnits, {});
    const bool sub = plan.units.front().part != "block";
    const int L = net.numBlocks();
    const int perBlock = sub ? 2 : 1;
    if (static_cast<int>(plan.units.size()) != perBlock * L)
        throw Error(ErrorCode::SharingPlanUnitsModelBlocksMade, {std::to_string(plan.units.size()), std::to_string(L)});
    for (int i = 0; i < perBlock * L; ++i) {
        const auto& u = plan.units[static_cast<size_t>(i)];
        const std::string part = !sub ? "block" : i % 2 == 0 ? "attn" : "mlp";
        if (u.part != part && !sub) throw Error(ErrorCode::SharingPlanSharesSubBlocksShared, {u.part});
        const int b = i / perBlock;
        const int64_t have = partParameters(net, b, part);
        if (u.layer != b || u.part != part || (u.parameters != 0 && u.parameters != have))
            throw Error(
                ErrorCode::SharingPlanUnitParametersDoesNot,
                {std::to_string(i), u.name, std::to_string(u.parameters), std::to_string(b), std::to_string(have)});
    }
    checkPlanTensors(net, plan);
    std::vector<int> seen(static_cast<size_t>(perBlock * L), 0);
    std::vector<std::vector<int>> groups;
    for (const auto& g : plan.groups) {
        for (int m : g.members) {
            if (m < 0 || m >= perBlock * L) throw Error(ErrorCode::AgentsPlanSGroupMemberNot, {std::to_string(m)});
            if (seen[static_cast<size_t>(m)]++) throw Error(ErrorCode::PlanPlanPutsUnitIntoTwo, {std::to_string(m)});
        }
        groups.push_back(g.members);
    }
    checkGroupKinds(plan.units, groups);
    if (!o.allowMixedAttention) checkAttentionTypes(net.config(), plan, groups);
}

// Index of the member whose shared tensors are closest (summed squared
// distance) to the other members'; ties go to the lowest position.
size_t medoidOf(const std::vector<std::vector<torch::Tensor>>& member, const std::vector<bool>& isPrivate) {
    const size_t m = member.size();
    std::vector<double> d(m * m, 0.0);
    for (size_t a = 0; a < m; ++a)
        for (size_t b = a + 1; b < m; ++b) {
            double s = 0;
            for (size_t k = 0; k < isPrivate.size(); ++k)
                if (!isPrivate[k])
                    s += (member[a][k].to(torch::kFloat64) - member[b][k].to(torch::kFloat64))
                             .pow(2)
                             .sum()
                             .item<double>();
            d[a * m + b] = d[b * m + a] = s;
        }
    size_t best = 0;
    double bestSum = std::numeric_limits<double>::infinity();
    for (size_t a = 0; a < m; ++a) {
        double s = 0;
        for (size_t b = 0; b < m; ++b) s += d[a * m + b];
        if (s < bestSum) {
            bestSum = s;
            best = a;
        }
    }
    return best;
}

// Rank-r factors A [d0, r], B [r, d1] of the truncated SVD of `diff`
// (singular values split evenly as sqrt into both factors).
std::pair<torch::Tensor, torch::Tensor> lowRank(const torch::Tensor& diff, int rank) {
    const int64_t r = std::min<int64_t>(rank, std::min(diff.size(0), diff.size(1)));
    auto [u, s, vh] = torch::linalg_svd(diff.to(torch::kFloat64), /*full_matrices=*/false, c10::nullopt);
    auto sq = s.narrow(0, 0, r).sqrt();
    auto a = u.narrow(1, 0, r) * sq.unsqueeze(0);
    auto b = sq.unsqueeze(1) * vh.narrow(0, 0, r);
    return {a.to(torch::kFloat32).contiguous(), b.to(torch::kFloat32).contiguous()};
}

// An independent copy of the base model, position by position. The tensors
// the plan's groups tie (written below) are the copy's own float32 tensors;
// every other one is the base's own when the base keeps it in a stored
// F16/BF16 dtype (it stays frozen or gets a float32 master when trained, see
// copyTensor), a float32 copy otherwise.
std::unique_ptr<Model> independentCopy(const Model& base, const SharingPlan& plan) {
    const auto& baseNet = *base.impl().net;
    std::set<const void*> written;
    for (const auto& t : sharedGroupTensors(baseNet, plan)) written.insert(t.unsafeGetTensorImpl());
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& [name, t] : baseNet.namedTensors())
        tensors.emplace(name, copyTensor(t, written.count(t.unsafeGetTensorImpl()) > 0));
    return modelOver(base, base.config(), std::move(tensors));
}

// Which of the group's block tensors (by `names`) stay private to each member.
std::vector<bool> privateTensors(const CausalLM& net, const CausalLM& baseNet, const SharingPlan& plan,
                                 const PlanGroup& g, const ShareOptions& o, const std::vector<std::string>& names) {
    std::vector<bool> isPrivate(names.size(), false);
    if (o.privateNorms) {
        const auto& unit = plan.units[static_cast<size_t>(g.members.front())];
        if (unit.privateTensors.empty()) throw Error(ErrorCode::SharingPlanListsNoNormTensors, {unit.name});
        const std::string prefix = net.blockPrefix(unit.layer);
        const std::string basePrefix = baseNet.blockPrefix(unit.layer);
        for (size_t k = 0; k < names.size(); ++k)
            for (const auto& p : unit.privateTensors)
                if (p == prefix + names[k] || p == basePrefix + names[k]) isPrivate[k] = true;
    }
    return isPrivate;
}

// Every member position of group g uses the group's core block: the block
// itself, or a view of it with the member's private tensors and low-rank
// deltas to its own values (`member`).
void tieMembers(CausalLM& net, const PlanGroup& g, const std::shared_ptr<Block>& core,
                const std::vector<torch::Tensor>& coreParams, const std::vector<std::vector<torch::Tensor>>& member,
                const std::vector<bool>& isPrivate, const ShareOptions& o, SharedModelInfo& inf) {
    const size_t n = isPrivate.size();
    const bool views = o.privateNorms || o.deltaRank > 0;
    for (size_t i = 0; i < g.members.size(); ++i) {
        const int pos = g.members[i];
        if (!views) {
            net.setBlock(pos, core);
            continue;
        }
        std::vector<torch::Tensor> base(coreParams.begin(), coreParams.end()), a(n), b(n);
        for (size_t k = 0; k < n; ++k) {
            if (isPrivate[k]) {
                base[k] = member[i][k];
            } else if (o.deltaRank > 0 && coreParams[k].dim() == 2) {
                std::tie(a[k], b[k]) = lowRank(member[i][k] - coreParams[k], o.deltaRank);
                inf.deltaParameters += a[k].numel() + b[k].numel();
            } else if (o.deltaRank > 0) {
                // A vector's delta is the vector difference itself.
                a[k] = (member[i][k] - coreParams[k]).contiguous();
                inf.deltaParameters += a[k].numel();
            }
        }
        net.setBlock(pos, std::make_shared<SharedBlockView>(core, base, a, b));
    }
}

// One group of two or more members: the core block (the first member's)
// takes the shared values of the group's init, and every member uses it.
void shareGroup(CausalLM& net, const CausalLM& baseNet, const SharingPlan& plan, const PlanGroup& g,
                const ShareOptions& o, SharedModelInfo& inf) {
    const SharedInit init = o.init ? *o.init : g.init;
    const auto names = net.block(g.members.front())->tensorNames();
    const std::vector<bool> isPrivate = privateTensors(net, baseNet, plan, g, o, names);
    // The members' own tensors, copied before the shared values are written.
    std::vector<std::vector<torch::Tensor>> member;
    for (int pos : g.members) {
        std::vector<torch::Tensor> own;
        for (const auto& t : net.block(pos)->tensors()) own.push_back(t.detach().clone());
        member.push_back(std::move(own));
    }
    size_t chosen = 0;
    if (init == SharedInit::Medoid) {
        chosen = medoidOf(member, isPrivate);
        inf.medoids.back() = g.members[chosen];
    }
    auto core = net.block(g.members.front());
    auto coreParams = core->parameters(/*recurse=*/false);
    for (size_t k = 0; k < names.size(); ++k) {
        writeSharedValue(coreParams[k], member, k, init, chosen);
    }
    tieMembers(net, g, core, coreParams, member, isPrivate, o, inf);
}

// What each block position computes with under a sub-layer plan: its own
// tensors, or for the tensors of a shared sub-layer the group's (the first
// member's, holding the group's init) plus its own delta; positions that use
// anything not their own become views (SharedBlockView) over their own code.
struct PositionTensors {
    std::vector<torch::Tensor> base, a, b;
    bool view = false;
};

// One sub-layer group: the tensors of its part in the member blocks are tied
// to the first member's, which take the group's init (mean, medoid, first).
void shareSublayerGroup(const CausalLM& net, const CausalLM& baseNet, const SharingPlan& plan, const PlanGroup& g,
                        const ShareOptions& o, std::vector<PositionTensors>& pos, SharedModelInfo& inf) {
    const SharedInit init = o.init ? *o.init : g.init;
    const auto& unit0 = plan.units[static_cast<size_t>(g.members.front())];
    const int core = unit0.layer;
    const auto names = net.block(core)->tensorNames();
    const std::vector<bool> isPrivate = privateTensors(net, baseNet, plan, g, o, names);
    std::vector<bool> skip(names.size()); // tensors outside the part or private: not shared
    for (size_t k = 0; k < names.size(); ++k)
        skip[k] = isPrivate[k] || unitPartOf(names[k], net.config()) != unit0.part;
    std::vector<std::vector<torch::Tensor>> member;
    for (int m : g.members) {
        std::vector<torch::Tensor> own;
        for (const auto& t : pos[static_cast<size_t>(plan.units[static_cast<size_t>(m)].layer)].base)
            own.push_back(t.detach().clone());
        member.push_back(std::move(own));
    }
    size_t chosen = 0;
    if (init == SharedInit::Medoid) {
        chosen = medoidOf(member, skip);
        inf.medoids.back() = g.members[chosen];
    }
    auto& coreParams = pos[static_cast<size_t>(core)].base;
    for (size_t k = 0; k < names.size(); ++k) {
        if (skip[k]) continue;
        writeSharedValue(coreParams[k], member, k, init, chosen);
    }
    for (size_t i = 0; i < g.members.size(); ++i) {
        auto& p = pos[static_cast<size_t>(plan.units[static_cast<size_t>(g.members[i])].layer)];
        p.view = true;
        for (size_t k = 0; k < names.size(); ++k) {
            if (skip[k]) continue;
            p.base[k] = coreParams[k];
            if (o.deltaRank > 0 && coreParams[k].dim() == 2) {
                std::tie(p.a[k], p.b[k]) = lowRank(member[i][k] - coreParams[k], o.deltaRank);
                inf.deltaParameters += p.a[k].numel() + p.b[k].numel();
            } else if (o.deltaRank > 0) {
                p.a[k] = (member[i][k] - coreParams[k]).contiguous();
                inf.deltaParameters += p.a[k].numel();
            }
        }
    }
}

// A sub-layer plan: attention and MLP sub-layers are tied group by group
// (each group of one kind), then every affected position becomes a view.
void shareSublayers(CausalLM& net, const CausalLM& baseNet, const SharingPlan& plan, const ShareOptions& o,
                    SharedModelInfo& inf) {
    std::vector<PositionTensors> pos(static_cast<size_t>(net.numBlocks()));
    for (int l = 0; l < net.numBlocks(); ++l) {
        auto& p = pos[static_cast<size_t>(l)];
        p.base = net.block(l)->parameters(/*recurse=*/false);
        p.a.resize(p.base.size());
        p.b.resize(p.base.size());
    }
    for (const auto& g : plan.groups) {
        inf.medoids.push_back(-1);
        if (g.members.size() >= 2) shareSublayerGroup(net, baseNet, plan, g, o, pos, inf);
    }
    for (int l = 0; l < net.numBlocks(); ++l) {
        const auto& p = pos[static_cast<size_t>(l)];
        if (p.view) net.setBlock(l, std::make_shared<SharedBlockView>(net.block(l), p.base, p.a, p.b));
    }
}

// Keeps the sharing structure's description on the model (compact exports
// write it) and its provenance.
void recordSharing(Model& out, const Model& base, const SharingPlan& plan, const ShareOptions& o) {
    SharingPlan kept = plan;
    if (o.init)
        for (auto& g : kept.groups) g.init = *o.init;
    kept.privateNorms = kept.privateNorms || o.privateNorms;
    out.impl().plan = kept;
    auto& prov = out.impl().provenance;
    prov["source"] = base.checkpoint().dir;
    std::set<std::string> inits;
    for (const auto& g : kept.groups) inits.insert(sharedInitName(g.init));
    prov["init"] = inits.size() == 1 ? *inits.begin() : "per group (see the plan)";
    prov["private_norms"] = o.privateNorms ? "true" : "false";
    prov["delta_rank"] = std::to_string(o.deltaRank);
}

} // namespace

std::unique_ptr<Model> makeSharedModel(const Model& base, const SharingPlan& plan, const ShareOptions& o,
                                       SharedModelInfo* info) {
    const auto& baseNet = *base.impl().net;
    checkPlan(baseNet, plan, o);
    return guardTorch(base.checkpoint().dir, [&] {
        torch::NoGradGuard noGrad;
        auto out = independentCopy(base, plan);
        auto& net = *out->impl().net;
        SharedModelInfo inf;
        if (plan.units.front().part != "block") {
            shareSublayers(net, baseNet, plan, o, inf);
        } else {
            for (const auto& g : plan.groups) {
                inf.medoids.push_back(-1);
                if (g.members.size() < 2) continue;
                shareGroup(net, baseNet, plan, g, o, inf);
            }
        }
        net.eval();
        recordSharing(*out, base, plan, o);
        inf.parameters = net.uniqueParameterCount();
        if (info) *info = inf;
        return out;
    });
}

} // namespace sharelens
