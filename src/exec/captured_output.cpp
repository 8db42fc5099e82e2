#include "exec/captured_output.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace gm::exec {

CapturedOutput::CapturedOutput(std::size_t cap) : head_cap_(cap - cap / 2), tail_cap_(cap / 2) {}

void CapturedOutput::append(std::string_view chunk) {
  total_ += chunk.size();
  std::size_t to_head = std::min(chunk.size(), head_cap_ - head_.size());
  head_.append(chunk.substr(0, to_head));
  chunk.remove_prefix(to_head);
  if (chunk.empty()) return;
  tail_.append(chunk);
  // Trimmed in batches, so a stream of small chunks costs amortised O(1) per byte.
  if (tail_.size() > 2 * tail_cap_) tail_.erase(0, tail_.size() - tail_cap_);
}

bool CapturedOutput::truncated() const { return total_ > head_.size() + std::min(tail_.size(), tail_cap_); }

std::string CapturedOutput::text() const {
  if (!truncated()) return head_ + tail_;
  std::size_t kept_tail = std::min(tail_.size(), tail_cap_);
  std::size_t omitted = total_ - head_.size() - kept_tail;
  return head_ + fmt::format("\n[... {} bytes omitted ...]\n", omitted) + tail_.substr(tail_.size() - kept_tail);
}

}  // namespace gm::exec
