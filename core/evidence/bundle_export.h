#pragma once
// Writes the evidence bundle (a deterministic ZIP) for the case's active tags; layout in
// DESIGN.md "Evidence bundle". The same case state, tags and exportTimeUs give byte-identical
// ZIPs. After writing, appends an "export" audit entry carrying the bundle's SHA-256 (so the
// next bundle's audit_log.jsonl records this one); with recipients, also writes the ZIP encrypted
// to them and appends an "encrypt" entry. Thread: the caller's; db is a writer.
#include "evidence/production/production_writer.h"
#include "evidence/report_input.h"
#include "store/database.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace siphon::evidence {

inline constexpr const char* kDefaultLegend =
    "CONFIDENTIAL — ATTORNEYS' EYES ONLY — Prepared at the direction of counsel";

struct ExportOptions {
    std::string outPath;
    std::string caseName = "Untitled case";
    std::string examiner = "unknown examiner";
    std::string batesPrefix = "SIPHON";
    std::string legend = kDefaultLegend;
    std::optional<std::string> signKeyPath;   // Ed25519 private key (PEM)
    std::vector<std::string> encryptTo;        // recipients' X.509 certificates: also write OUT.p7m
    std::string productionDir;                 // also write a production for review platforms here
    production::DatEncoding productionEncoding = production::DatEncoding::Utf8Bom;
    // The report's pages as PNGs, Bates-numbered from a start (production page images); UI library.
    std::function<Result<std::vector<std::string>>(const ReportInput&, const std::string& prefix, int64_t first)> pageRenderer;
    bool redactPrompts = false;
    int64_t exportTimeUs = 0;                  // 0: now (whole seconds)
    ReportRenderer renderer;                   // empty: no report.pdf / PNG charts (core-only builds)
    int maxPdfRowsPerExhibit = 100;
};

struct ExportSummary {
    std::string bundleSha256;
    std::vector<std::string> files;            // entry paths in order
    int64_t exhibits = 0, records = 0, reportPages = 0;
    bool signedBundle = false;
    std::string encryptedPath, encryptedSha256;     // set when encrypted (bundle_encryption.h)
    std::vector<std::string> recipients;            // their certificates' subjects
    std::optional<production::ProductionSummary> production;
};

// The encrypted copy's path for a bundle written to outPath.
inline std::string encryptedPathFor(const std::string& outPath) { return outPath + ".p7m"; }

Result<ExportSummary> exportBundle(store::Database& db, const ExportOptions& options);

} // namespace siphon::evidence
