// untag CASE --tag TAG_ID --by NAME [--note TEXT]: the tag is marked removed (kept for the record).
#include "cli_args.h"
#include "commands.h"

#include <stdexcept>

#include "evidence/tags.h"
#include "store/case_file.h"

#include <cstdio>
#include <string>

namespace siphon::cli {

int cmdUntag(int argc, char** argv) {
    CommandSpec spec{{"--tag", "--by", "--note"}, {}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("untag needs exactly one CASE");
    auto tagText = args->value("--tag");
    auto by = args->value("--by");
    if (!tagText) return usageError("untag needs --tag TAG_ID");
    if (!by || by->empty()) return usageError("untag needs --by NAME");
    int64_t id = 0;
    try {
        size_t used = 0;
        id = std::stoll(*tagText, &used);
        if (used != tagText->size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
        return usageError("--tag takes a numeric tag id (see `siphon-cli tags`)");
    }
    auto db = store::openCase(args->positional()[0], store::CaseAccess::Write);
    if (!db) return fatalError(db.error().describe());
    if (Status s = evidence::untag(*db, id, *by, args->valueOr("--note", "")); !s) return fatalError(s.error().describe());
    std::printf("tag %lld removed (recorded in the audit log)\n", static_cast<long long>(id));
    return kExitOk;
}

} // namespace siphon::cli
