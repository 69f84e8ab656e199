#pragma once
// What the PDF report renderer (ui/report, needs QtGui) receives from the bundle writer (core),
// and what it returns. Core calls the renderer through a std::function so core stays QtGui-free.
#include "evidence/evidence_set.h"
#include "store/case_info.h"
#include "util/result.h"

#include <functional>
#include <string>
#include <vector>

namespace siphon::evidence {

struct ReportInput {
    std::string caseName, examiner, batesPrefix, toolVersion, legend;
    int64_t batesFirst = 1;                // a production's report continues the case's Bates numbers
    int64_t exportTimeUs = 0;
    bool redacted = false;                 // records' prompt/response/raw hold commitments
    const EvidenceSet* evidence = nullptr;   // records already redacted when redacted is set
    std::vector<store::SourceInfo> sources;
    int64_t auditEntries = 0;
    std::string auditHeadHash;
    std::vector<std::string> chartSvgs;    // per exhibit (same index), empty when it has no chart
    int maxTableRowsPerExhibit = 100;      // PDF only; CSV/JSONL are never capped
    std::vector<std::string> productions;  // the case's earlier productions' Bates ranges, in words
    std::vector<std::string> batesProblems;   // gaps and overlaps between them (bates_ledger.h)
};

struct RenderedReport {
    std::string pdf;
    std::vector<std::string> chartPngs;    // per exhibit, parallel to chartSvgs (empty where no chart)
    int pages = 0;
};

using ReportRenderer = std::function<Result<RenderedReport>(const ReportInput&)>;

} // namespace siphon::evidence
