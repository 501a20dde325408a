// A bounded look at a pickle before LibTorch unpickles it (pickle_scan.h).
//
// The scan simulates the pickle machine's stack with object identities
// instead of objects: every container gets an id and a depth (one more than
// its deepest element), the memo maps indices to ids. Appending to a
// container that already sits inside another one would deepen that parent
// unseen, so it is refused; pickles written by torch.save or LibTorch never
// do it (a container is filled before it is placed).
#include "io/pickle_scan.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sharelens/error.h"
#include "sharelens/input_limits.h"
#include "sharelens/resources.h"

namespace sharelens {

namespace {

constexpr int kMark = -1;
constexpr int kScalar = 0;

class PickleScanner {
public:
    PickleScanner(std::string_view p, const std::string& path) : m_p(p), m_path(path) {
        m_depth.push_back(0); // id 0: any scalar
        m_sealed.push_back(0);
    }

    void run() {
        while (m_pos < m_p.size()) {
            const auto op = static_cast<unsigned char>(m_p[m_pos++]);
            if (op == '.') return;
            if (!skipOperand(op) || !apply(op)) return; // unknown or truncated: LibTorch says what is wrong
        }
    }

private:
    // Moves past the operand of `op`; false when the opcode is unknown or
    // the operand runs past the end.
    bool skipOperand(unsigned char op) {
        // One line per operand kind.
        // clang-format off
        switch (op) {
        case 'F': case 'I': case 'L': case 'P': case 'S': case 'V': case 'g': case 'p': return skipLines(1);
        case 'c': case 'i': return skipLines(2);
        case 'K': case 'h': case 'q': case 0x80: case 0x82: return skip(1);
        case 'M': case 0x83: return skip(2);
        case 'J': case 'j': case 'r': case 0x84: return skip(4);
        case 'G': case 0x95: return skip(8);
        case 'U': case 'C': case 0x8a: case 0x8c: return skipCounted(1);
        case 'T': case 'X': case 'B': case 0x8b: return skipCounted(4);
        case 0x8d: case 0x8e: case 0x96: return skipCounted(8);
        default: return known(op);
        }
        // clang-format on
    }

    static bool known(unsigned char op) {
        static const std::string_view plain = "()012NQRabdelostu]}";
        return plain.find(static_cast<char>(op)) != std::string_view::npos ||
               (op >= 0x81 && op <= 0x98 && op != 0x82 && op != 0x83 && op != 0x84);
    }

    bool skip(std::size_t n) {
        if (m_p.size() - m_pos < n) return false;
        m_lastOperand = m_p.substr(m_pos, n);
        m_pos += n;
        return true;
    }

    bool skipLines(int n) {
        const std::size_t start = m_pos;
        for (int k = 0; k < n; ++k) {
            const std::size_t nl = m_p.find('\n', m_pos);
            if (nl == std::string_view::npos) return false;
            m_pos = nl + 1;
        }
        m_lastOperand = m_p.substr(start, m_pos - start);
        return true;
    }

    bool skipCounted(std::size_t width) {
        if (m_p.size() - m_pos < width) return false;
        uint64_t n = 0;
        for (std::size_t k = 0; k < width; ++k)
            n |= static_cast<uint64_t>(static_cast<unsigned char>(m_p[m_pos + k])) << (8 * k);
        m_pos += width;
        return n <= m_p.size() - m_pos && skip(static_cast<std::size_t>(n));
    }

    // The memo index in the last operand (binary little-endian or decimal text).
    uint64_t memoIndex(unsigned char op) const {
        uint64_t n = 0;
        if (op == 'g' || op == 'p') {
            for (char c : m_lastOperand)
                if (c >= '0' && c <= '9') n = n * 10 + static_cast<uint64_t>(c - '0');
            return n;
        }
        for (std::size_t k = 0; k < m_lastOperand.size(); ++k)
            n |= static_cast<uint64_t>(static_cast<unsigned char>(m_lastOperand[k])) << (8 * k);
        return n;
    }

    // The stack effect of `op`; false when the stack does not allow it.
    bool apply(unsigned char op) {
        // One line per stack effect.
        // clang-format off
        switch (op) {
        case '(': m_stack.push_back(kMark); return true;
        case ']': case '}': case ')': case 0x8f: return push(make(1));
        case 't': case 'l': case 'd': case 0x91: case 'o': case 'i': return build(popMark());
        case 0x85: case 0x86: case 0x87: return build(popN(op - 0x84));
        case 'R': case 0x81: case 'Q': return build(popN(op == 'Q' ? 1 : 2));
        case 0x92: return build(popN(3));
        case 0x93: return popN(2) >= 0 && push(kScalar);
        case 'a': case 'b': return mutate(popN(1));
        case 's': return mutate(popN(2));
        case 'e': case 'u': case 0x90: return mutate(popMark());
        case '0': return !m_stack.empty() && (m_stack.pop_back(), true);
        case '1': return popMark() >= 0;
        case '2': return !m_stack.empty() && push(m_stack.back());
        case 'p': case 'q': case 'r': return memoPut(memoIndex(op));
        case 0x94: return memoPut(m_memo.size());
        case 'g': case 'h': case 'j': return memoGet(memoIndex(op));
        case 0x80: case 0x95: case 0x98: return true;
        default: return push(kScalar); // every other known opcode pushes one value
        }
        // clang-format on
    }

    bool push(int id) {
        m_stack.push_back(id);
        return true;
    }

    int make(int depth) {
        if (depth > kMaxPickleDepth) throw Error(ErrorCode::PickleTooDeep, {std::to_string(kMaxPickleDepth)}, m_path);
        m_depth.push_back(depth);
        m_sealed.push_back(0);
        return static_cast<int>(m_depth.size() - 1);
    }

    // Seals the top n values (they now sit inside another object) and
    // returns their deepest depth, or -1 when the stack holds fewer.
    int popN(std::size_t n) {
        if (m_stack.size() < n) return -1;
        int deepest = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const int id = m_stack.back();
            m_stack.pop_back();
            if (id == kMark) return -1;
            deepest = std::max(deepest, m_depth[static_cast<std::size_t>(id)]);
            m_sealed[static_cast<std::size_t>(id)] = 1;
        }
        return deepest;
    }

    // As popN for everything above the topmost mark, which goes too.
    int popMark() {
        const auto mark = std::find(m_stack.rbegin(), m_stack.rend(), kMark);
        if (mark == m_stack.rend()) return -1;
        const auto n = static_cast<std::size_t>(mark - m_stack.rbegin());
        const int deepest = popN(n);
        m_stack.pop_back();
        return deepest;
    }

    bool build(int deepest) { return deepest >= 0 && push(make(deepest + 1)); }

    bool mutate(int deepest) {
        if (deepest < 0 || m_stack.empty() || m_stack.back() == kMark) return false;
        const auto target = static_cast<std::size_t>(m_stack.back());
        if (target == kScalar) return true;
        if (m_sealed[target]) throw Error(ErrorCode::PickleTooDeep, {std::to_string(kMaxPickleDepth)}, m_path);
        if (deepest + 1 > kMaxPickleDepth)
            throw Error(ErrorCode::PickleTooDeep, {std::to_string(kMaxPickleDepth)}, m_path);
        m_depth[target] = std::max(m_depth[target], deepest + 1);
        return true;
    }

    bool memoPut(uint64_t index) {
        if (m_stack.empty() || m_stack.back() == kMark) return false;
        m_memo[index] = m_stack.back();
        return true;
    }

    bool memoGet(uint64_t index) {
        const auto it = m_memo.find(index);
        return it != m_memo.end() && push(it->second);
    }

    std::string_view m_p;
    const std::string& m_path;
    std::size_t m_pos = 0;
    std::string_view m_lastOperand;
    std::vector<int> m_stack;   // ids, kMark for a mark
    std::vector<int> m_depth;   // by id
    std::vector<char> m_sealed; // by id: placed inside another object
    std::unordered_map<uint64_t, int> m_memo;
};

} // namespace

void checkPickleBounds(std::string_view pickle, const std::string& path) {
    if (pickle.size() > kMaxPickleBytes)
        throw Error(ErrorCode::PickleTooLarge, {formatBytes(pickle.size()), formatBytes(kMaxPickleBytes)}, path);
    PickleScanner(pickle, path).run();
}

} // namespace sharelens
