#pragma once
// A production for an e-discovery review platform, written into a new folder:
//   DATA/<first>-<last>_<encoding>.dat   Concordance DAT, one row per document (load_file.h)
//   DATA/<first>-<last>.opt              Opticon OPT for the page images
//   IMAGES/<bates>.png                   the report's pages, the Bates number burned into each
//   NATIVES/<bates>.<ext>                each exhibit record's original bytes, exactly as imported
//   TEXT/<bates>.txt                     each record's extracted text (UTF-8)
// Document 1 is the report (one Bates number per page); then one document, one number, per
// record, exhibit by exhibit. Numbers continue from the case's earlier productions of the prefix
// (bates_ledger.h); an audited "production" entry records the range and the load files' hashes.
// The folder is written as DIR.partial and renamed when complete: a failure leaves nothing.
#include "evidence/audit_log.h"
#include "evidence/evidence_set.h"
#include "evidence/production/load_file.h"

#include <functional>
#include <string>
#include <vector>

namespace siphon::evidence::production {

// The report's pages as PNG images, Bates-numbered from `firstBates` (the UI library renders them).
using PageImageRenderer = std::function<Result<std::vector<std::string>>(const std::string& prefix, int64_t firstBates)>;

struct ProductionOptions {
    std::string dir;
    std::string prefix = "SIPHON";
    DatEncoding encoding = DatEncoding::Utf8Bom;
    std::string examiner;
    PageImageRenderer pageImages;     // empty: no report images (core-only builds)
};

struct ProductionSummary {
    std::string dir, datPath, optPath;
    int64_t firstBates = 0, lastBates = 0, documents = 0, images = 0;
};

// Usage error when the prefix is not file-name safe or the folder already exists (checked again
// by writeProduction; callers check first so nothing else is written when it would fail).
Status checkProductionTarget(const ProductionOptions& options);

// `audit` is the case's chain before this production (for the next Bates number).
Result<ProductionSummary> writeProduction(store::Database& db, const EvidenceSet& set, const std::vector<AuditEntry>& audit,
                                          const ProductionOptions& options);

} // namespace siphon::evidence::production
