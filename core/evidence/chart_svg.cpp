#include "evidence/chart_svg.h"

#include "util/time_util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace siphon::evidence {

namespace {

constexpr int64_t kHourUs = 3'600'000'000LL;
constexpr int64_t kDayUs = 24 * kHourUs;

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// 1, 2, 5 x 10^k at or above v, for axis maxima.
double niceCeil(double v) {
    if (v <= 0) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= v) return m * p;
    return 10 * p;
}

std::string compact(double v) {
    char buf[32];
    if (v >= 1e9) std::snprintf(buf, sizeof buf, "%.3gB", v / 1e9);
    else if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.3gM", v / 1e6);
    else if (v >= 1e3) std::snprintf(buf, sizeof buf, "%.3gk", v / 1e3);
    else std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace

std::string xmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n') out += "\xEF\xBF\xBD";   // U+FFFD: XML 1.0 forbids them
            else out += static_cast<char>(c);
        }
    }
    return out;
}

std::string timelineChartSvg(const Exhibit& ex) {
    if (ex.series.empty()) return {};
    const int64_t first = ex.series.front().hourUs;
    const int64_t last = ex.series.back().hourUs;
    const int64_t binUs = (last - first) / kHourUs > 400 ? kDayUs : kHourUs;
    std::map<int64_t, std::pair<double, double>> bins;   // bin start -> (requests, output tokens)
    for (const auto& p : ex.series) {
        const int64_t b = p.hourUs - ((p.hourUs % binUs) + binUs) % binUs;
        bins[b].first += static_cast<double>(p.requests);
        bins[b].second += static_cast<double>(p.outputTokens);
    }
    const int64_t t0 = bins.begin()->first;
    const int64_t t1 = bins.rbegin()->first + binUs;
    double maxReq = 0, maxOut = 0;
    for (const auto& [b, v] : bins) maxReq = std::max(maxReq, v.first), maxOut = std::max(maxOut, v.second);
    maxReq = niceCeil(maxReq);
    maxOut = niceCeil(maxOut);

    const double left = 56, right = kChartWidth - 64, top = 28, bottom = kChartHeight - 40;
    const double w = right - left, h = bottom - top;
    auto xOf = [&](int64_t t) { return left + w * static_cast<double>(t - t0) / static_cast<double>(t1 - t0); };
    auto yReq = [&](double v) { return bottom - h * v / maxReq; };
    auto yOut = [&](double v) { return bottom - h * v / maxOut; };

    std::string s;
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(kChartWidth) + "\" height=\"" +
         std::to_string(kChartHeight) + "\" viewBox=\"0 0 " + std::to_string(kChartWidth) + " " +
         std::to_string(kChartHeight) + "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"10\">\n";
    s += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(kChartWidth) + "\" height=\"" + std::to_string(kChartHeight) +
         "\" fill=\"#ffffff\"/>\n";
    if (ex.markFromUs && ex.markToUs) {
        const double a = std::clamp(xOf(*ex.markFromUs), left, right), b = std::clamp(xOf(*ex.markToUs), left, right);
        s += "<rect x=\"" + num(a) + "\" y=\"" + num(top) + "\" width=\"" + num(std::max(b - a, 1.0)) + "\" height=\"" +
             num(h) + "\" fill=\"#fff3cd\" stroke=\"#e0a800\" stroke-width=\"0.8\"/>\n";
        s += "<text x=\"" + num(a + 3) + "\" y=\"" + num(top + 11) + "\" fill=\"#8a6d00\">tagged range</text>\n";
    }
    // Grid and left axis (requests).
    for (int i = 0; i <= 4; ++i) {
        const double y = bottom - h * i / 4.0;
        s += "<line x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(right) + "\" y2=\"" + num(y) +
             "\" stroke=\"#e3e3e3\" stroke-width=\"0.8\"/>\n";
        s += "<text x=\"" + num(left - 6) + "\" y=\"" + num(y + 3.5) + "\" text-anchor=\"end\" fill=\"#1f4e79\">" +
             compact(maxReq * i / 4.0) + "</text>\n";
        s += "<text x=\"" + num(right + 6) + "\" y=\"" + num(y + 3.5) + "\" fill=\"#b23b3b\">" +
             compact(maxOut * i / 4.0) + "</text>\n";
    }
    const double barW = std::max(w * static_cast<double>(binUs) / static_cast<double>(t1 - t0) - 0.6, 0.8);
    for (const auto& [b, v] : bins)
        s += "<rect x=\"" + num(xOf(b)) + "\" y=\"" + num(yReq(v.first)) + "\" width=\"" + num(barW) + "\" height=\"" +
             num(bottom - yReq(v.first)) + "\" fill=\"#5b8db8\"/>\n";
    std::string pts;
    for (const auto& [b, v] : bins) pts += num(xOf(b) + barW / 2) + "," + num(yOut(v.second)) + " ";
    s += "<polyline points=\"" + pts + "\" fill=\"none\" stroke=\"#b23b3b\" stroke-width=\"1.4\"/>\n";
    if (ex.onsetUs && *ex.onsetUs >= t0 && *ex.onsetUs <= t1) {
        const double x = xOf(*ex.onsetUs);
        s += "<line x1=\"" + num(x) + "\" y1=\"" + num(top - 4) + "\" x2=\"" + num(x) + "\" y2=\"" + num(bottom) +
             "\" stroke=\"#6a1b9a\" stroke-width=\"1.2\" stroke-dasharray=\"4,3\"/>\n";
        const bool flip = x > right - 170;   // keep the label inside the plot
        s += "<text x=\"" + num(flip ? x - 4 : x + 4) + "\" y=\"" + num(top + 10) + "\"" +
             (flip ? " text-anchor=\"end\"" : "") + " fill=\"#6a1b9a\">onset " +
             timeutil::formatIso8601(*ex.onsetUs) + "</text>\n";
    }
    // Axes and time labels (UTC dates).
    s += "<line x1=\"" + num(left) + "\" y1=\"" + num(bottom) + "\" x2=\"" + num(right) + "\" y2=\"" + num(bottom) +
         "\" stroke=\"#555555\" stroke-width=\"1\"/>\n";
    const int ticks = 6;
    for (int i = 0; i <= ticks; ++i) {
        const int64_t t = t0 + (t1 - t0) * i / ticks;
        const double x = xOf(t);
        std::string label = timeutil::formatIso8601(t);
        label = label.substr(0, std::min<size_t>(label.size(), 16));   // YYYY-MM-DDTHH:MM
        if (label.size() == 16) label[10] = ' ';
        s += "<line x1=\"" + num(x) + "\" y1=\"" + num(bottom) + "\" x2=\"" + num(x) + "\" y2=\"" + num(bottom + 4) +
             "\" stroke=\"#555555\"/>\n";
        s += "<text x=\"" + num(x) + "\" y=\"" + num(bottom + 15) + "\" text-anchor=\"middle\" fill=\"#333333\">" +
             label + "</text>\n";
    }
    s += "<text x=\"" + num(left) + "\" y=\"14\" fill=\"#1f4e79\">Requests per " + (binUs == kDayUs ? "day" : "hour") +
         " (bars, left axis)</text>\n";
    s += "<text x=\"" + num(right) + "\" y=\"14\" text-anchor=\"end\" fill=\"#b23b3b\">Output tokens per " +
         (binUs == kDayUs ? "day" : "hour") + " (line, right axis)</text>\n";
    s += "<text x=\"" + num((left + right) / 2) + "\" y=\"" + num(kChartHeight - 6.0) +
         "\" text-anchor=\"middle\" fill=\"#555555\">Time (UTC)</text>\n";
    s += "</svg>\n";
    return s;
}

} // namespace siphon::evidence
