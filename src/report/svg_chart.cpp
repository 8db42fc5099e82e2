#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "report/xml_text.hpp"

namespace gm::report {
namespace {

constexpr double kWidth = 760;
constexpr int kColours = 8;

// Light colours first, then the dark scheme's: an opaque background keeps
// either readable on GitHub's light and dark pages whatever the viewer's scheme.
constexpr const char* kStyle = R"(<style>
text{font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;font-size:12px}
.title{font-size:15px;font-weight:600}
.line{fill:none;stroke-width:2}
.bg{fill:#ffffff}.fg{fill:#1f2328}.axis{stroke:#57606a}.grid{stroke:#d8dee4}.ideal{stroke:#8c959f}
.c0{stroke:#0072b2}.f0{fill:#0072b2}.c1{stroke:#d55e00}.f1{fill:#d55e00}.c2{stroke:#009e73}.f2{fill:#009e73}
.c3{stroke:#cc79a7}.f3{fill:#cc79a7}.c4{stroke:#e69f00}.f4{fill:#e69f00}.c5{stroke:#56b4e9}.f5{fill:#56b4e9}
.c6{stroke:#6e4b9e}.f6{fill:#6e4b9e}.c7{stroke:#8c6d31}.f7{fill:#8c6d31}
.hollow{fill:#ffffff}
@media (prefers-color-scheme: dark){
.bg{fill:#0d1117}.fg{fill:#e6edf3}.axis{stroke:#8b949e}.grid{stroke:#30363d}.ideal{stroke:#6e7681}
.c0{stroke:#4ea8f0}.f0{fill:#4ea8f0}.c1{stroke:#ff8a50}.f1{fill:#ff8a50}.c2{stroke:#3fd0a0}.f2{fill:#3fd0a0}
.c3{stroke:#e39bd0}.f3{fill:#e39bd0}.c4{stroke:#f2b636}.f4{fill:#f2b636}.c5{stroke:#8fd3ff}.f5{fill:#8fd3ff}
.c6{stroke:#b392f0}.f6{fill:#b392f0}.c7{stroke:#d4b06a}.f7{fill:#d4b06a}
.hollow{fill:#0d1117}
}
</style>
)";

std::string num(double value) { return fmt::format("{:.1f}", value); }

std::string label_number(double value) {
  if (std::abs(value - std::round(value)) < 1e-9) return fmt::format("{}", static_cast<long long>(std::round(value)));
  return fmt::format("{:.3g}", value);
}

// At most `limit` bytes, cut before a UTF-8 character rather than inside one.
std::string shorten(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit - 1;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\xE2\x80\xA6";  // …
}

double nice_step(double span) {
  double raw = span / 5;
  if (raw <= 0) return 1;
  double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

struct Scale {
  double from, to, pixel_from, pixel_to;
  double operator()(double v) const { return pixel_from + (v - from) / (to - from) * (pixel_to - pixel_from); }
};

std::string open_svg(double width, double height, const std::string& title) {
  auto t = xml_escape(title);
  return fmt::format(
             "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
             "role=\"img\" aria-labelledby=\"chart-title\">\n<title id=\"chart-title\">{2}</title>\n",
             num(width), num(height), t) +
         kStyle +
         fmt::format("<rect class=\"bg\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\"/>\n", num(width), num(height)) +
         fmt::format("<text class=\"fg title\" x=\"16\" y=\"24\">{}</text>\n", t);
}

std::string text(double x, double y, const std::string& content, const char* anchor = "start",
                 const std::string& extra = "") {
  return fmt::format("<text class=\"fg\" x=\"{}\" y=\"{}\" text-anchor=\"{}\"{}>{}</text>\n", num(x), num(y), anchor,
                     extra, xml_escape(content));
}

std::string marker(int index, double x, double y, bool hollow) {
  std::string cls = fmt::format("c{0} {1}", index % kColours, hollow ? "hollow" : fmt::format("f{}", index % kColours));
  switch (index % 4) {
    case 0:
      return fmt::format("<circle class=\"{}\" cx=\"{}\" cy=\"{}\" r=\"4\" stroke-width=\"1.5\"/>\n", cls, num(x),
                         num(y));
    case 1:
      return fmt::format("<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"8\" height=\"8\" stroke-width=\"1.5\"/>\n", cls,
                         num(x - 4), num(y - 4));
    case 2:
      return fmt::format("<polygon class=\"{}\" points=\"{},{} {},{} {},{}\" stroke-width=\"1.5\"/>\n", cls, num(x),
                         num(y - 5), num(x - 5), num(y + 4), num(x + 5), num(y + 4));
    default:
      return fmt::format("<polygon class=\"{}\" points=\"{},{} {},{} {},{} {},{}\" stroke-width=\"1.5\"/>\n", cls,
                         num(x), num(y - 5), num(x + 5), num(y), num(x), num(y + 5), num(x - 5), num(y));
  }
}

const char* dash(int index) {
  switch (index / kColours % 3) {
    case 0:
      return "";
    case 1:
      return " stroke-dasharray=\"6 3\"";
    default:
      return " stroke-dasharray=\"2 3\"";
  }
}

}  // namespace

std::string render_line_chart(const LineChart& chart) {
  const double left = 64, top = 44, plot_height = 300, legend_width = 230;
  const double plot_width = kWidth - left - legend_width - 16;
  double legend_height = 24.0 * static_cast<double>(chart.series.size() + (chart.ideal_line ? 1 : 0));
  double height = std::max(top + plot_height + 60, top + legend_height + 20) + (chart.note.empty() ? 0 : 18);

  // Axes' ranges: every point, error bar and tick, and the ideal line.
  double x_min = INFINITY, x_max = -INFINITY, y_max = 0;
  auto auto_ticks = chart.x_ticks.empty();
  std::set<double> distinct_x;
  for (const auto& s : chart.series)
    for (const auto& p : s.points) {
      x_min = std::min(x_min, p.x);
      x_max = std::max(x_max, p.x);
      y_max = std::max(y_max, p.range ? std::max(p.y, p.range->second) : p.y);
      distinct_x.insert(p.x);
    }
  for (const auto& [x, label] : chart.x_ticks) {
    x_min = std::min(x_min, x);
    x_max = std::max(x_max, x);
  }
  if (!std::isfinite(x_min)) x_min = 0, x_max = 1;
  if (chart.ideal_line) y_max = std::max(y_max, x_max);
  if (x_min == x_max) x_min -= 1, x_max += 1;
  double pad = (x_max - x_min) * 0.05;
  Scale sx{x_min - pad, x_max + pad, left, left + plot_width};
  double step = nice_step(y_max > 0 ? y_max : 1);
  double y_top = std::ceil((y_max > 0 ? y_max : 1) / step) * step;
  Scale sy{0, y_top, top + plot_height, top};

  std::string out = open_svg(kWidth, height, chart.title);
  // Grid and y axis labels.
  for (double v = 0; v <= y_top + step / 2; v += step) {
    out += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-width=\"1\"/>\n", num(left),
                       num(sy(v)), num(left + plot_width), num(sy(v)));
    out += text(left - 8, sy(v) + 4, label_number(v), "end");
  }
  std::vector<std::pair<double, std::string>> ticks = chart.x_ticks;
  if (auto_ticks)
    for (double x : distinct_x) ticks.emplace_back(x, label_number(x));
  // As many labels as fit side by side under the plot (about 7 px a character).
  std::size_t longest = 1;
  for (const auto& tick : ticks) longest = std::max(longest, tick.second.size());
  auto fit = std::max<std::size_t>(1, static_cast<std::size_t>(plot_width / (7.0 * static_cast<double>(longest) + 12)));
  std::size_t every = std::max<std::size_t>(1, (ticks.size() + fit - 1) / fit);
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    double x = sx(ticks[i].first);
    out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke-width=\"1\"/>\n",
                       num(x), num(top + plot_height), num(top + plot_height + 5));
    if (i % every == 0) out += text(x, top + plot_height + 19, ticks[i].second, "middle");
  }
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke-width=\"1\"/>\n",
                     num(left), num(top), num(top + plot_height));
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke-width=\"1\"/>\n",
                     num(left), num(top + plot_height), num(left + plot_width));
  out += text(left + plot_width / 2, top + plot_height + 40, chart.x_label, "middle");
  out += text(18, top + plot_height / 2, chart.y_label, "middle",
              fmt::format(" transform=\"rotate(-90 18 {})\"", num(top + plot_height / 2)));

  double legend_x = left + plot_width + 24, legend_y = top + 6;
  if (chart.ideal_line) {
    double low = std::max(x_min, 0.0);
    out += fmt::format(
        "<line class=\"ideal\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"5 "
        "4\"/>\n",
        num(sx(low)), num(sy(low)), num(sx(x_max)), num(sy(x_max)));
    out += fmt::format(
        "<line class=\"ideal\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"5 "
        "4\"/>\n",
        num(legend_x), num(legend_y), num(legend_x + 22), num(legend_y));
    out += text(legend_x + 30, legend_y + 4, "ideal (N workers: Nx)");
    legend_y += 24;
  }
  // Each series is drawn a few pixels beside the others, so equal values
  // (3.13 and 3.13t with the GIL on) and their error bars stay visible.
  const double spread = chart.series.size() > 1 ? std::min(5.0, 30.0 / static_cast<double>(chart.series.size())) : 0;
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const auto& s = chart.series[i];
    int index = s.style >= 0 ? s.style : static_cast<int>(i);
    const double offset = (static_cast<double>(i) - static_cast<double>(chart.series.size() - 1) / 2) * spread;
    auto px = [&](double x) { return sx(x) + offset; };
    std::string points;
    for (const auto& p : s.points) points += num(px(p.x)) + "," + num(sy(p.y)) + " ";
    out += fmt::format("<g><title>{}</title>\n", xml_escape(s.name));
    if (s.points.size() > 1)
      out += fmt::format("<polyline class=\"line c{}\"{} points=\"{}\"/>\n", index % kColours, dash(index),
                         points.substr(0, points.size() - 1));
    for (const auto& p : s.points) {
      if (p.range)
        out += fmt::format(
            "<path class=\"c{}\" fill=\"none\" stroke-width=\"1.2\" d=\"M{},{}V{}M{},{}H{}M{},{}H{}\"/>\n",
            index % kColours, num(px(p.x)), num(sy(p.range->first)), num(sy(p.range->second)), num(px(p.x) - 3),
            num(sy(p.range->first)), num(px(p.x) + 3), num(px(p.x) - 3), num(sy(p.range->second)), num(px(p.x) + 3));
      out += marker(index, px(p.x), sy(p.y), p.doubtful);
    }
    out += "</g>\n";
    out += fmt::format("<line class=\"line c{}\"{} x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", index % kColours,
                       dash(index), num(legend_x), num(legend_y), num(legend_x + 22), num(legend_y));
    out += marker(index, legend_x + 11, legend_y, false);
    out += text(legend_x + 30, legend_y + 4, shorten(s.name, 30));
    legend_y += 24;
  }
  if (!chart.note.empty()) out += text(16, height - 10, chart.note);
  return out + "</svg>\n";
}

std::string render_bar_chart(const BarChart& chart) {
  const double left = 300, top = 44, row = 28, right = 60;
  const double plot_width = kWidth - left - right;
  double plot_height = row * static_cast<double>(std::max<std::size_t>(chart.bars.size(), 1));
  double height = top + plot_height + 56 + (chart.note.empty() ? 0 : 18);
  double low = 0, high = 0;
  for (const auto& b : chart.bars) {
    low = std::min({low, b.value, b.range ? b.range->first : 0.0});
    high = std::max({high, b.value, b.range ? b.range->second : 0.0});
  }
  if (high - low <= 0) high = low + 1;
  double step = nice_step(high - low);
  low = std::floor(low / step) * step;
  high = std::ceil(high / step) * step;
  Scale sx{low, high, left, left + plot_width};
  auto format = [&](double v, bool sign) {
    if (chart.percent) return sign ? fmt::format("{:+.0f}%", v * 100) : fmt::format("{:.0f}%", v * 100);
    return sign ? fmt::format("{:+.3g}", v) : label_number(v);
  };

  std::string out = open_svg(kWidth, height, chart.title);
  for (double v = low; v <= high + step / 2; v += step) {
    out += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke-width=\"1\"/>\n",
                       num(sx(v)), num(top), num(top + plot_height));
    out += text(sx(v), top + plot_height + 18, format(v, false), "middle");
  }
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const auto& b = chart.bars[i];
    double y = top + row * static_cast<double>(i);
    double x0 = sx(0), x1 = sx(b.value);
    int colour = b.value >= 0 ? 1 : 2;  // slower: vermillion; faster: green
    out += fmt::format("<g><title>{}: {}</title>\n", xml_escape(b.label), xml_escape(format(b.value, true)));
    out += fmt::format("<rect class=\"f{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n", colour,
                       num(std::min(x0, x1)), num(y + 6), num(std::max(std::abs(x1 - x0), 1.0)), num(row - 12));
    if (b.range)
      out +=
          fmt::format("<path class=\"axis\" fill=\"none\" stroke-width=\"1.2\" d=\"M{},{}H{}M{},{}V{}M{},{}V{}\"/>\n",
                      num(sx(b.range->first)), num(y + row / 2), num(sx(b.range->second)), num(sx(b.range->first)),
                      num(y + row / 2 - 4), num(y + row / 2 + 4), num(sx(b.range->second)), num(y + row / 2 - 4),
                      num(y + row / 2 + 4));
    out += "</g>\n";
    out += text(left - 8, y + row / 2 + 4, shorten(b.label, 46), "end");
    double value_x = (b.range ? std::max(x1, sx(b.range->second)) : std::max(x0, x1)) + 6;
    out += text(std::min(value_x, kWidth - right + 4), y + row / 2 + 4, format(b.value, true));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke-width=\"1.5\"/>\n",
                     num(sx(0)), num(top), num(top + plot_height));
  out += text(left + plot_width / 2, top + plot_height + 38, chart.value_label, "middle");
  if (!chart.note.empty()) out += text(16, height - 10, chart.note);
  return out + "</svg>\n";
}

}  // namespace gm::report
