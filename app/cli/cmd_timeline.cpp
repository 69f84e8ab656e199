// PLACEHOLDER: replaced by the real command. Kept so the CLI links while work is in progress.
#include "cli_args.h"
#include "commands.h"

namespace siphon::cli {

int cmdTimeline(int, char**) { return fatalError("command not implemented yet"); }

} // namespace siphon::cli
