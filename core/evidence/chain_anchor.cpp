#include "evidence/chain_anchor.h"
#include "util/private_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace siphon::evidence {

namespace {

constexpr const char* kMagic = "siphon-audit-anchor-v1";

Result<ChainAnchor> parseAnchor(const std::string& text, const std::string& path) {
    std::stringstream ss(text);
    std::string magic, k1, k2;
    ChainAnchor a;
    if (!std::getline(ss, magic) || magic != kMagic || !(ss >> k1 >> a.entries >> k2 >> a.headHash) || k1 != "entries" ||
        k2 != "head" || a.entries < 0 || a.headHash.size() != 64)
        return makeError(ErrorCode::Format, "audit anchor file is malformed", path);
    return a;
}

} // namespace

std::string chainAnchorPath(const std::string& casePath) { return casePath + ".chain"; }

Status writeChainAnchor(const store::Database& db) {
    if (db.path().empty() || db.path() == ":memory:") return {};
    auto st = db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!st) return st.error();
    ChainAnchor a{0, kGenesisHash};
    const auto r = st->step();
    if (r == store::StepResult::Error) return db.lastError("reading the audit head");
    if (r == store::StepResult::Row) a = {st->columnInt(0), st->columnText(1)};
    const std::string path = chainAnchorPath(db.path());
    // One temporary name per process: two writers (an import and a tag) never share a half-written file.
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        if (auto made = util::recreatePrivateFile(tmp); !made) return made.error();
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << kMagic << "\nentries " << a.entries << "\nhead " << a.headHash << "\n";
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            return makeError(ErrorCode::Io, "cannot write the audit anchor", path);
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return makeError(ErrorCode::Io, "cannot write the audit anchor", path);
    }
    return {};
}

Result<std::optional<ChainAnchor>> readChainAnchor(const std::string& casePath) {
    const std::string path = chainAnchorPath(casePath);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::optional<ChainAnchor>();
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(ErrorCode::Io, "cannot read the audit anchor", path);
    std::string text(4096, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    auto a = parseAnchor(text, path);
    if (!a) return a.error();
    return std::optional<ChainAnchor>(*a);
}

AnchorCheck compareWithAnchor(const std::vector<AuditEntry>& chain, const std::optional<ChainAnchor>& anchor,
                              const std::string& anchorName) {
    AnchorCheck c;
    c.anchor = anchor;
    if (!anchor) {
        c.sentence = "no audit anchor (" + anchorName + "): deletion of the newest entries cannot be ruled out";
        return c;
    }
    const auto length = static_cast<int64_t>(chain.size());
    const std::string stated = anchorName + " records " + std::to_string(anchor->entries) + " entries, head " +
                               anchor->headHash.substr(0, 16) + "…";
    const std::string atAnchor = anchor->entries == 0 ? kGenesisHash
                                 : anchor->entries <= length ? chain[static_cast<size_t>(anchor->entries - 1)].hash
                                                             : std::string();
    if (anchor->entries > length) {
        c.match = AnchorMatch::Contradicts;
        c.sentence = "the chain has " + std::to_string(length) + " entries but " + stated +
                     ": audit entries were deleted";
    } else if (atAnchor != anchor->headHash) {
        c.match = AnchorMatch::Contradicts;
        c.sentence = "entry " + std::to_string(anchor->entries) + " differs from the head " + stated +
                     ": the chain was rewritten";
    } else if (anchor->entries < length) {
        c.match = AnchorMatch::Ahead;
        c.sentence = stated + "; the chain continues with " + std::to_string(length - anchor->entries) +
                     " later entries";
    } else {
        c.match = AnchorMatch::Matches;
        c.sentence = "chain matches " + stated;
    }
    return c;
}

} // namespace siphon::evidence
