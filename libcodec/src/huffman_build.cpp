#include "huffman_build.hpp"

#include <algorithm>
#include <cassert>
#include <queue>
#include <utility>

namespace codec::huffman {
namespace {

// Plain Huffman depths for the used symbols (weights > 0), ties broken by node index so the
// result never depends on the standard library's heap details.
std::vector<int> huffman_depths(const std::vector<std::uint64_t>& weights) {
  const std::size_t n = weights.size();
  std::vector<int> parent(2 * n - 1, -1);
  using Node = std::pair<std::uint64_t, std::size_t>;  // (weight, node index)
  std::priority_queue<Node, std::vector<Node>, std::greater<>> heap;
  for (std::size_t i = 0; i < n; ++i) heap.emplace(weights[i], i);
  std::size_t next = n;
  while (heap.size() > 1) {
    Node a = heap.top();
    heap.pop();
    Node b = heap.top();
    heap.pop();
    parent[a.second] = static_cast<int>(next);
    parent[b.second] = static_cast<int>(next);
    heap.emplace(a.first + b.first, next++);
  }
  // Internal nodes are created after their children, so a reverse sweep sets depths top-down.
  std::vector<int> depth(2 * n - 1, 0);
  for (std::size_t i = 2 * n - 1; i-- > 0;)
    if (parent[i] >= 0) depth[i] = depth[static_cast<std::size_t>(parent[i])] + 1;
  depth.resize(n);
  return depth;
}

}  // namespace

std::vector<std::uint8_t> build_lengths(std::span<const std::uint64_t> histogram, int max_length) {
  assert(max_length >= 1 && max_length <= 31);
  std::vector<std::uint8_t> lengths(histogram.size(), 0);
  std::vector<std::size_t> used;
  std::vector<std::uint64_t> weights;
  for (std::size_t s = 0; s < histogram.size(); ++s) {
    if (histogram[s] > 0) {
      used.push_back(s);
      weights.push_back(histogram[s]);
    }
  }
  if (used.empty()) return lengths;
  if (used.size() == 1) {
    lengths[used[0]] = 1;
    return lengths;
  }
  // A code over k symbols needs ceil(log2 k) bits; callers keep k <= 2^max_length.
  assert(used.size() <= (std::size_t{1} << max_length));
  for (;;) {
    std::vector<int> depth = huffman_depths(weights);
    if (*std::max_element(depth.begin(), depth.end()) <= max_length) {
      for (std::size_t i = 0; i < used.size(); ++i)
        lengths[used[i]] = static_cast<std::uint8_t>(depth[i]);
      return lengths;
    }
    // Too deep: flatten the distribution and try again (converges: all-equal weights give a
    // balanced tree of depth ceil(log2 k)).
    for (auto& w : weights) w = (w >> 1) | 1;
  }
}

bool is_valid_code(std::span<const std::uint8_t> lengths) {
  int used = 0;
  int max_len = 0;
  for (auto l : lengths) {
    if (l == 0) continue;
    if (l > 31) return false;
    ++used;
    max_len = std::max<int>(max_len, l);
  }
  if (used == 0) return false;
  if (used == 1) return max_len == 1;
  // Kraft sum in units of 2^-max_len must be exactly 2^max_len (complete code).
  std::uint64_t kraft = 0;
  for (auto l : lengths)
    if (l) kraft += std::uint64_t{1} << (max_len - l);
  return kraft == (std::uint64_t{1} << max_len);
}

std::vector<std::uint32_t> canonical_codes(std::span<const std::uint8_t> lengths) {
  int max_len = 0;
  for (auto l : lengths) max_len = std::max<int>(max_len, l);
  std::vector<std::uint32_t> count(static_cast<std::size_t>(max_len) + 2, 0);
  for (auto l : lengths)
    if (l) ++count[l];
  std::vector<std::uint32_t> next(static_cast<std::size_t>(max_len) + 2, 0);
  std::uint32_t code = 0;
  for (int len = 1; len <= max_len; ++len) {
    code = (code + count[static_cast<std::size_t>(len) - 1]) << 1;
    next[static_cast<std::size_t>(len)] = code;
  }
  std::vector<std::uint32_t> codes(lengths.size(), 0);
  for (std::size_t s = 0; s < lengths.size(); ++s)
    if (lengths[s]) codes[s] = next[lengths[s]]++;
  return codes;
}

}  // namespace codec::huffman
