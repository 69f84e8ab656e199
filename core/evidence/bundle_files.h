#pragma once
// The text files of an evidence bundle, each a pure function of its inputs (deterministic).
#include "evidence/audit_log.h"
#include "evidence/evidence_set.h"
#include "store/case_info.h"

#include <string>
#include <vector>

namespace siphon::evidence {

struct BundleFile {
    std::string path;
    std::string bytes;
    std::string sha256;   // filled by the writer
};

// Everything the descriptive files (case.jsonld, certification, manifest, README) need.
struct BundleContext {
    std::string caseName, examiner, batesPrefix, toolVersion, legend;
    int64_t exportTimeUs = 0;
    bool redacted = false;
    bool signedBundle = false;
    std::string signingKeyFingerprint;
    const EvidenceSet* evidence = nullptr;
    std::vector<store::SourceInfo> sources;
    std::vector<AuditEntry> audit;
    std::vector<BundleFile>* files = nullptr;   // files made so far, with hashes
};

std::string evidenceCsv(const Exhibit& ex, bool redacted);
std::string evidenceJsonl(const Exhibit& ex, bool redacted);
std::string timelineJsonl(const EvidenceSet& set);
std::string sourcesJson(const std::vector<store::SourceInfo>& sources);
std::string auditJsonl(const std::vector<AuditEntry>& entries);
std::string caseUcoJsonLd(const BundleContext& ctx);
std::string certificationText(const BundleContext& ctx);
std::string readmeText(const BundleContext& ctx);
std::string manifestJson(const BundleContext& ctx);   // lists ctx.files

// True when bytes are valid UTF-8 (raw records that are not are exported base64).
bool isValidUtf8(std::string_view bytes);

} // namespace siphon::evidence
