#include "store/rollup_codec.h"

#include <tuple>

namespace siphon::store {

namespace {

constexpr int32_t kHoursPerDay = 24;
constexpr int32_t kMinutesPerDay = 24 * 60;

void putVarint(uint64_t v, std::string& out) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

// Reads varints from a blob, refusing to step past its end or to overflow 64 bits.
class Reader {
public:
    explicit Reader(std::string_view blob) : p_(blob.data()), end_(blob.data() + blob.size()) {}
    bool atEnd() const { return p_ == end_; }
    bool varint(uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p_ == end_) return false;
            const auto byte = static_cast<unsigned char>(*p_++);
            if (shift == 63 && byte > 1) return false;   // more than 64 bits
            v |= static_cast<uint64_t>(byte & 0x7F) << shift;
            if (!(byte & 0x80)) return true;
        }
        return false;
    }
    bool count(int64_t& v) {   // a non-negative int64
        uint64_t u;
        if (!varint(u) || u > static_cast<uint64_t>(INT64_MAX)) return false;
        v = static_cast<int64_t>(u);
        return true;
    }
    bool signedValue(int64_t& v) {
        uint64_t u;
        if (!varint(u)) return false;
        v = unzigzag(u);
        return true;
    }

private:
    const char* p_;
    const char* end_;
};

bool readFormat(std::string_view blob) { return !blob.empty() && static_cast<unsigned char>(blob[0]) == kRollupFormat; }

auto hourKey(const HourCell& c) { return std::tie(c.hour, c.model); }

template <typename Cell, typename Less, typename Add>
void mergeSorted(const std::vector<Cell>& a, const std::vector<Cell>& b, std::vector<Cell>& out, Less less, Add add) {
    out.clear();
    out.reserve(a.size() + b.size());
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && less(a[i], b[j]))) out.push_back(a[i++]);
        else if (i == a.size() || less(b[j], a[i])) out.push_back(b[j++]);
        else {
            out.push_back(a[i++]);
            add(out.back(), b[j++]);
        }
    }
}

// Wraps instead of overflowing: sums near 2^63 only come from a damaged blob.
int64_t plus(int64_t a, int64_t b) { return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b)); }

template <typename Cell>
void addSums(Cell& to, const Cell& from) {
    to.requests = plus(to.requests, from.requests);
    to.inputTokens = plus(to.inputTokens, from.inputTokens);
    to.outputTokens = plus(to.outputTokens, from.outputTokens);
}

} // namespace

void encodeHours(std::span<const HourCell> cells, std::string& out) {
    out.reserve(out.size() + 1 + cells.size() * 12);   // a typical cell's bytes: no regrowth
    out.push_back(static_cast<char>(kRollupFormat));
    int32_t prevHour = 0;
    for (const HourCell& c : cells) {
        if (c.requests == 0) continue;
        putVarint(static_cast<uint64_t>(c.hour - prevHour), out);
        putVarint(static_cast<uint64_t>(c.model), out);
        putVarint(static_cast<uint64_t>(c.requests), out);
        putVarint(zigzag(c.inputTokens), out);
        putVarint(zigzag(c.outputTokens), out);
        prevHour = c.hour;
    }
}

void encodeMinutes(std::span<const MinuteCell> cells, std::string& out) {
    out.reserve(out.size() + 1 + cells.size() * 8);
    out.push_back(static_cast<char>(kRollupFormat));
    int32_t prev = 0;
    for (const MinuteCell& c : cells) {
        if (c.requests == 0) continue;
        putVarint(static_cast<uint64_t>(c.minute - prev), out);
        putVarint(static_cast<uint64_t>(c.requests), out);
        putVarint(zigzag(c.inputTokens), out);
        putVarint(zigzag(c.outputTokens), out);
        prev = c.minute;
    }
}

bool decodeHours(std::string_view blob, std::vector<HourCell>& out) {
    if (!readFormat(blob)) return false;
    Reader r(blob.substr(1));
    bool first = true;
    HourCell prev;
    while (!r.atEnd()) {
        uint64_t delta;
        HourCell c;
        if (!r.varint(delta) || delta >= kHoursPerDay) return false;
        c.hour = prev.hour + static_cast<int32_t>(delta);
        if (c.hour >= kHoursPerDay || !r.count(c.model) || !r.count(c.requests) || !r.signedValue(c.inputTokens) ||
            !r.signedValue(c.outputTokens))
            return false;
        if (!first && !(hourKey(prev) < hourKey(c))) return false;
        out.push_back(c);
        prev = c;
        first = false;
    }
    return true;
}

bool decodeMinutes(std::string_view blob, std::vector<MinuteCell>& out) {
    if (!readFormat(blob)) return false;
    Reader r(blob.substr(1));
    bool first = true;
    int32_t prev = 0;
    while (!r.atEnd()) {
        uint64_t delta;
        MinuteCell c;
        if (!r.varint(delta) || delta >= kMinutesPerDay || (!first && delta == 0)) return false;
        c.minute = prev + static_cast<int32_t>(delta);
        if (c.minute >= kMinutesPerDay || !r.count(c.requests) || !r.signedValue(c.inputTokens) ||
            !r.signedValue(c.outputTokens))
            return false;
        out.push_back(c);
        prev = c.minute;
        first = false;
    }
    return true;
}

bool mergeHours(std::string_view a, std::string_view b, std::string& out) {
    std::vector<HourCell> x, y, merged;
    if (!decodeHours(a, x) || !decodeHours(b, y)) return false;
    mergeSorted(x, y, merged, [](const HourCell& l, const HourCell& r) { return hourKey(l) < hourKey(r); },
                addSums<HourCell>);
    out.clear();
    encodeHours(merged, out);
    return true;
}

bool mergeMinutes(std::string_view a, std::string_view b, std::string& out) {
    std::vector<MinuteCell> x, y, merged;
    if (!decodeMinutes(a, x) || !decodeMinutes(b, y)) return false;
    mergeSorted(x, y, merged, [](const MinuteCell& l, const MinuteCell& r) { return l.minute < r.minute; },
                addSums<MinuteCell>);
    out.clear();
    encodeMinutes(merged, out);
    return true;
}

} // namespace siphon::store
