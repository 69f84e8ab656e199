#include "evidence/zip_structure.h"

#include <algorithm>
#include <fstream>
#include <optional>

namespace siphon::evidence {

namespace {

constexpr uint32_t kLocalSig = 0x04034b50, kCentralSig = 0x02014b50, kEocdSig = 0x06054b50;
constexpr uint32_t kZip64EocdSig = 0x06064b50, kZip64LocatorSig = 0x07064b50, kDescriptorSig = 0x08074b50;
constexpr uint16_t kFlagEncrypted = 1u << 0, kFlagDescriptor = 1u << 3, kFlagStrongCrypto = 1u << 6;
constexpr uint16_t kFlagUtf8 = 1u << 11, kFlagMaskedHeader = 1u << 13;
constexpr uint64_t kMaxCentralBytes = 256ull << 20;

uint16_t u16(const std::string& b, size_t at) {
    return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
}
uint32_t u32(const std::string& b, size_t at) { return u16(b, at) | static_cast<uint32_t>(u16(b, at + 2)) << 16; }
uint64_t u64(const std::string& b, size_t at) { return u32(b, at) | static_cast<uint64_t>(u32(b, at + 4)) << 32; }

// Random access to the archive; a short read is an empty optional (the archive is cut).
class Reader {
public:
    explicit Reader(const std::string& path) : in_(path, std::ios::binary) {
        if (in_) {
            in_.seekg(0, std::ios::end);
            size_ = static_cast<uint64_t>(in_.tellg());
        }
    }
    bool ok() const { return static_cast<bool>(in_); }
    uint64_t size() const { return size_; }
    std::optional<std::string> read(uint64_t at, uint64_t n) {
        if (at > size_ || n > size_ - at) return std::nullopt;
        std::string b(n, '\0');
        in_.clear();
        in_.seekg(static_cast<std::streamoff>(at));
        in_.read(b.data(), static_cast<std::streamsize>(n));
        if (static_cast<uint64_t>(in_.gcount()) != n) return std::nullopt;
        return b;
    }

private:
    std::ifstream in_;
    uint64_t size_ = 0;
};

struct Central {
    std::string name, extra;
    uint16_t madeBy = 0, flags = 0, method = 0;
    uint32_t crc = 0, externalAttr = 0;
    uint64_t csize = 0, usize = 0, offset = 0;
    uint64_t end = 0;   // offset just past the entry's data (and descriptor)
};

struct Directory {
    uint64_t entries = 0, size = 0, offset = 0;
    uint64_t end = 0;   // where the central directory must end (zip64 record or EOCD)
};

// Walks an extra field block; fn(id, body) returns false to stop.
template <typename Fn> bool walkExtra(const std::string& extra, Fn fn) {
    size_t pos = 0;
    while (pos + 4 <= extra.size()) {
        const uint16_t id = u16(extra, pos), len = u16(extra, pos + 2);
        if (pos + 4 + len > extra.size()) return false;
        if (!fn(id, extra.substr(pos + 4, len))) return true;
        pos += 4u + len;
    }
    return pos == extra.size();
}

// Replaces 0xFFFFFFFF sizes and offset with their Zip64 extra values, in the order the format fixes.
bool applyZip64(const std::string& extra, uint64_t& usize, uint64_t& csize, uint64_t* offset) {
    bool ok = true;
    walkExtra(extra, [&](uint16_t id, const std::string& body) {
        if (id != 1) return true;
        size_t at = 0;
        for (uint64_t* v : {&usize, &csize, offset}) {
            if (!v || *v != 0xFFFFFFFFu) continue;
            if (at + 8 > body.size()) return ok = false;
            *v = u64(body, at);
            at += 8;
        }
        return false;
    });
    return ok;
}

std::string quoted(const std::string& name) { return "'" + name + "'"; }

bool hasUnicodePathField(const std::string& extra) {
    bool found = false;
    walkExtra(extra, [&](uint16_t id, const std::string&) { return !(found = id == 0x7075); });
    return found;
}

std::string locateDirectory(Reader& r, Directory& dir) {
    const uint64_t tailLen = std::min<uint64_t>(r.size(), 22 + 0xFFFF);
    auto tail = r.read(r.size() - tailLen, tailLen);
    if (!tail || tail->size() < 22) return "not a ZIP archive (no end of central directory)";
    size_t at = tail->size() - 22;
    for (;; --at) {
        if (u32(*tail, at) == kEocdSig) break;
        if (at == 0) return "not a ZIP archive (no end of central directory)";
    }
    const uint64_t eocd = r.size() - tailLen + at;
    const uint16_t commentLen = u16(*tail, at + 20);
    if (eocd + 22 + commentLen < r.size()) return "data after the end of the central directory";
    if (eocd + 22 + commentLen > r.size()) return "end of central directory is cut short";
    if (commentLen != 0) return "archive comment (not written by Siphon and covered by no checksum)";
    if (u16(*tail, at + 4) != 0 || u16(*tail, at + 6) != 0) return "multi-disk archive";
    dir = {u16(*tail, at + 10), u32(*tail, at + 12), u32(*tail, at + 16), eocd};
    // Zip64: a locator just before the EOCD points at the Zip64 end record, whose values count
    // (some writers add it even when the classic fields suffice).
    auto loc = eocd >= 20 ? r.read(eocd - 20, 20) : std::nullopt;
    const bool zip64 = loc && u32(*loc, 0) == kZip64LocatorSig;
    if (!zip64) {
        if (dir.entries != 0xFFFF && dir.size != 0xFFFFFFFFu && dir.offset != 0xFFFFFFFFu) return {};
        return "Zip64 locator missing";
    }
    const uint64_t rec = u64(*loc, 8);
    auto z = r.read(rec, 56);
    if (!z || u32(*z, 0) != kZip64EocdSig) return "Zip64 end of central directory missing";
    if (rec + 12 + u64(*z, 4) != eocd - 20) return "data between the Zip64 end record and its locator";
    dir = {u64(*z, 32), u64(*z, 40), u64(*z, 48), rec};
    return {};
}

std::string readCentral(Reader& r, const Directory& dir, uint64_t maxEntries, std::vector<Central>& out) {
    if (dir.entries > maxEntries) return "more than " + std::to_string(maxEntries) + " entries (zip bomb?)";
    if (dir.size > kMaxCentralBytes) return "central directory is implausibly large";
    if (dir.offset + dir.size != dir.end) return "data between the central directory and its end record";
    auto cd = r.read(dir.offset, dir.size);
    if (!cd) return "central directory lies outside the file";
    size_t pos = 0;
    while (pos < cd->size()) {
        if (pos + 46 > cd->size() || u32(*cd, pos) != kCentralSig) return "damaged central directory";
        Central c;
        c.madeBy = u16(*cd, pos + 4);
        c.flags = u16(*cd, pos + 8);
        c.method = u16(*cd, pos + 10);
        c.crc = u32(*cd, pos + 16);
        c.csize = u32(*cd, pos + 20);
        c.usize = u32(*cd, pos + 24);
        const size_t nameLen = u16(*cd, pos + 28), extraLen = u16(*cd, pos + 30), commentLen = u16(*cd, pos + 32);
        c.externalAttr = u32(*cd, pos + 38);
        c.offset = u32(*cd, pos + 42);
        if (pos + 46 + nameLen + extraLen + commentLen > cd->size()) return "damaged central directory";
        c.name = cd->substr(pos + 46, nameLen);
        c.extra = cd->substr(pos + 46 + nameLen, extraLen);
        if (commentLen != 0) return "entry " + quoted(c.name) + " has a comment";
        if (!applyZip64(c.extra, c.usize, c.csize, &c.offset)) return "entry " + quoted(c.name) + ": bad Zip64 field";
        out.push_back(std::move(c));
        pos += 46 + nameLen + extraLen + commentLen;
    }
    if (out.size() != dir.entries) return "end of central directory counts a different number of entries";
    return {};
}

// What the entry is to an extractor, judged from its name, attributes and flags.
std::string entryKindProblem(const Central& c) {
    const std::string who = "entry " + quoted(c.name);
    if (c.flags & (kFlagEncrypted | kFlagStrongCrypto | kFlagMaskedHeader) || c.method == 99)
        return who + " is encrypted";
    if (c.method != 0 && c.method != 8) return who + " uses compression method " + std::to_string(c.method);
    if (hasUnicodePathField(c.extra)) return who + " carries a second (Info-ZIP Unicode) name that extractors use instead";
    if (!(c.flags & kFlagUtf8) && std::any_of(c.name.begin(), c.name.end(), [](char ch) { return ch & 0x80; }))
        return who + " has a non-ASCII name without the UTF-8 flag (extractors would read it as CP437)";
    const bool slash = !c.name.empty() && c.name.back() == '/';
    const bool dosDir = (c.externalAttr & 0x10) != 0;
    const uint32_t mode = c.externalAttr >> 16;
    const uint32_t type = mode & 0170000;
    const bool unix = (c.madeBy >> 8) == 3 && mode != 0;
    if (unix && type != 0 && type != 0100000 && type != 0040000)   // no type bits: a plain file
        return who + " is not a regular file (Unix type " + std::to_string(type >> 12) + ": symlink or special file)";
    if (unix && (mode & 07000)) return who + " asks for setuid/setgid/sticky permissions";
    const bool typedDir = dosDir || (unix && type == 0040000);
    if (typedDir && !slash)
        return who + " is marked a directory but its name has no trailing '/': unzip and Python's zipfile extract it as a file";
    if (slash && (c.usize != 0 || (unix && type == 0100000))) return who + " has a directory name but holds data";
    return {};
}

std::string readLocal(Reader& r, Central& c) {
    const std::string who = "entry " + quoted(c.name);
    auto head = r.read(c.offset, 30);
    if (!head || u32(*head, 0) != kLocalSig) return who + ": no local header where the central directory points";
    const uint16_t flags = u16(*head, 6), method = u16(*head, 8);
    const size_t nameLen = u16(*head, 26), extraLen = u16(*head, 28);
    auto var = r.read(c.offset + 30, nameLen + extraLen);
    if (!var) return who + ": local header is cut short";
    if (var->substr(0, nameLen) != c.name)
        return who + ": the local header names it " + quoted(var->substr(0, nameLen)) + " (streaming extractors use that name)";
    if (flags != c.flags || method != c.method) return who + ": local header flags or method differ from the central directory";
    if (hasUnicodePathField(var->substr(nameLen))) return who + " carries a second (Info-ZIP Unicode) name in its local header";
    const uint64_t dataAt = c.offset + 30 + nameLen + extraLen;
    if (c.csize > r.size() || dataAt > r.size() - c.csize) return who + ": data runs past the end of the file";
    c.end = dataAt + c.csize;
    uint32_t crc = u32(*head, 14);
    uint64_t csize = u32(*head, 18), usize = u32(*head, 22);
    if (flags & kFlagDescriptor) {
        // Sizes follow the data; with the optional signature, 32- or 64-bit (Zip64) fields.
        auto d = r.read(c.end, 24);
        const std::string desc = d ? *d : r.read(c.end, std::min<uint64_t>(24, r.size() - c.end)).value_or("");
        const size_t s = desc.size() >= 4 && u32(desc, 0) == kDescriptorSig ? 4 : 0;
        // Eight-byte sizes whenever the entry carries a Zip64 field (APPNOTE 4.3.9.1), or needs one.
        bool hasZip64 = false;
        walkExtra(var->substr(nameLen), [&](uint16_t id, const std::string&) { return !(hasZip64 = id == 1); });
        const bool wide = hasZip64 || c.csize >= 0xFFFFFFFFu || c.usize >= 0xFFFFFFFFu;
        const size_t len = s + (wide ? 20 : 12);
        if (desc.size() < len) return who + ": data descriptor is cut short";
        crc = u32(desc, s);
        csize = wide ? u64(desc, s + 4) : u32(desc, s + 4);
        usize = wide ? u64(desc, s + 12) : u32(desc, s + 8);
        c.end += len;
    } else if (!applyZip64(var->substr(nameLen), usize, csize, nullptr)) {
        return who + ": bad Zip64 field in the local header";
    }
    if (crc != c.crc || csize != c.csize || usize != c.usize)
        return who + ": CRC or sizes in the local header differ from the central directory";
    return {};
}

// Entries must tile the file from byte 0 to the central directory: no gaps, no overlaps.
std::string checkTiling(std::vector<Central> byOffset, uint64_t directoryAt) {
    std::sort(byOffset.begin(), byOffset.end(), [](const Central& a, const Central& b) { return a.offset < b.offset; });
    uint64_t expect = 0;
    for (const Central& c : byOffset) {
        if (c.offset < expect) return "entry " + quoted(c.name) + " overlaps the entry before it";
        if (c.offset > expect) return "unlisted data before entry " + quoted(c.name) + " (hidden entry or prepended file)";
        expect = c.end;
    }
    if (expect != directoryAt) return "unlisted data between the last entry and the central directory";
    return {};
}

} // namespace

Result<ZipStructure> readZipStructure(const std::string& zipPath, uint64_t maxEntries) {
    Reader r(zipPath);
    if (!r.ok()) return makeError(ErrorCode::Io, "cannot open bundle", zipPath);
    ZipStructure out;
    Directory dir;
    std::vector<Central> central;
    out.problem = locateDirectory(r, dir);
    if (out.problem.empty()) out.problem = readCentral(r, dir, maxEntries, central);
    for (size_t i = 0; out.problem.empty() && i < central.size(); ++i) out.problem = entryKindProblem(central[i]);
    for (size_t i = 0; out.problem.empty() && out.layoutProblem.empty() && i < central.size(); ++i)
        out.layoutProblem = readLocal(r, central[i]);
    if (out.problem.empty() && out.layoutProblem.empty()) out.layoutProblem = checkTiling(central, dir.offset);
    for (const Central& c : central)
        out.entries.push_back({c.name, !c.name.empty() && c.name.back() == '/', c.usize});
    return out;
}

} // namespace siphon::evidence
