#pragma once
// The text files of an evidence bundle, each a pure function of its inputs (deterministic).
#include "evidence/audit_log.h"
#include "evidence/evidence_set.h"
#include "store/case_info.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace siphon::evidence {

// A file already written into the bundle: its bytes are in the ZIP, not kept here.
struct BundleFile {
    std::string path;
    int64_t size = 0;
    std::string sha256;
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

// The record files are given piece by piece (a header, then one line per record) so the export can
// write them into the ZIP without holding a whole file. Each call gives the same pieces.
using PieceSink = std::function<void(std::string_view)>;
void evidenceCsv(const Exhibit& ex, bool redacted, const PieceSink& out);
void evidenceJsonl(const Exhibit& ex, bool redacted, const PieceSink& out);
void timelineJsonl(const EvidenceSet& set, const PieceSink& out);
std::string sourcesJson(const std::vector<store::SourceInfo>& sources);
std::string auditJsonl(const std::vector<AuditEntry>& entries);
std::string caseUcoJsonLd(const BundleContext& ctx);
std::string certificationText(const BundleContext& ctx);
std::string readmeText(const BundleContext& ctx);
std::string manifestJson(const BundleContext& ctx);   // lists ctx.files

// True when bytes are valid UTF-8 (raw records that are not are exported base64).
bool isValidUtf8(std::string_view bytes);

} // namespace siphon::evidence
