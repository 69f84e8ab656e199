// merge-review MASTER.siphon REVIEW.siphon --by NAME [--json]: the reviewer's tags, untags and
// notes from a review case cut from MASTER (export --review-case) come back into MASTER as audited
// entries naming the reviewer (evidence/review_merge.h). Conflicts are listed and left out: exit 3
// then (kExitConflicts), so scripts notice. Merging again adds nothing.
#include "cli_args.h"
#include "commands.h"
#include "json_out.h"
#include "review_out.h"

#include "evidence/case_integrity.h"
#include "evidence/review_merge.h"
#include "store/case_file.h"

namespace siphon::cli {

int cmdMergeReview(int argc, char** argv) {
    CommandSpec spec{{"--by"}, {"--json"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 2) return usageError("merge-review needs MASTER.siphon and REVIEW.siphon");
    const std::string by = args->valueOr("--by", "");
    if (by.empty()) return usageError("merge-review needs --by NAME (who merges)");
    auto master = store::openCase(args->positional()[0], store::CaseAccess::Write);
    if (!master) return fatalError(master.error().describe());
    auto review = store::openCase(args->positional()[1], store::CaseAccess::Read);
    if (!review) return fatalError(review.error().describe());
    auto trust = evidence::checkCaseIntegrity(*master);
    if (!trust) return fatalError(trust.error().describe());
    if (!trust->ok()) return fatalError("merge refused: the master fails its integrity check (see audit --verify)");
    auto merged = evidence::mergeReview(*master, *review, by);
    if (!merged) {
        if (merged.error().code == ErrorCode::Usage) return usageError(merged.error().describe());
        return fatalError(merged.error().describe());
    }
    if (args->flag("--json"))
        printJson(mergeSummaryJson(*merged));
    else
        printMergeSummary(*merged);
    return merged->conflicts.empty() ? kExitOk : kExitConflicts;
}

} // namespace siphon::cli
