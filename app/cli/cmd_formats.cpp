#include "cli_args.h"
#include "commands.h"

#include "ingest/format_reader.h"

#include <cstdio>

namespace siphon::cli {

int cmdFormats(int argc, char** argv) {
    CommandSpec spec{{}, {}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    std::printf("Readers, in sniffing order (first match wins; override with --format ID):\n\n");
    for (const auto& r : ingest::makeAllReaders()) {
        std::printf("%-22s %s [%s]\n%-22s recognised by: %s\n\n", std::string(r->id()).c_str(),
                    std::string(r->title()).c_str(), r->kind() == ingest::FormatReader::Kind::Json ? "JSON" : "CSV", "",
                    std::string(r->recognisedBy()).c_str());
    }
    std::printf("Compressed inputs (.gz, .zst, .bz2, .xz) are read as streams; folders are walked recursively.\n");
    return kExitOk;
}

} // namespace siphon::cli
