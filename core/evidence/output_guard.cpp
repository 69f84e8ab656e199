#include "evidence/output_guard.h"

#include "evidence/chain_anchor.h"

#include <filesystem>

namespace siphon::evidence {

namespace fs = std::filesystem;

namespace {

bool sameFile(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) {
        const bool same = fs::equivalent(a, b, ec);
        if (!ec) return same;
    }
    const fs::path ca = fs::weakly_canonical(fs::absolute(a, ec), ec);
    const fs::path cb = fs::weakly_canonical(fs::absolute(b, ec), ec);
    return !ca.empty() && ca == cb;
}

struct Protected {
    fs::path path;
    std::string what;
};

std::vector<Protected> protectedFiles(const std::string& casePath, const std::vector<std::string>& sourcePaths) {
    std::vector<Protected> out = {{casePath, "the case file"},
                                  {casePath + "-wal", "the case's write-ahead log"},
                                  {casePath + "-shm", "the case's shared-memory file"},
                                  {casePath + "-journal", "the case's journal"},
                                  {chainAnchorPath(casePath), "the case's audit anchor"}};
    const fs::path caseDir = fs::path(casePath).parent_path();
    for (const auto& s : sourcePaths) {
        out.push_back({s, "source file " + s});
        if (fs::path(s).is_relative()) out.push_back({caseDir / s, "source file " + s});
    }
    return out;
}

} // namespace

Status refuseOutputOverInputs(const std::string& outPath, const std::string& casePath,
                              const std::vector<std::string>& sourcePaths) {
    const auto guarded = protectedFiles(casePath, sourcePaths);
    for (const fs::path& out : {fs::path(outPath), fs::path(outPath + ".partial")})
        for (const auto& p : guarded)
            if (sameFile(out, p.path))
                return makeError(ErrorCode::Usage, "refusing to export to " + out.string() + ": it is " + p.what +
                                                       " (choose another --out)");
    return {};
}

} // namespace siphon::evidence
