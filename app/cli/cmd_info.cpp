#include "cli_args.h"
#include "commands.h"
#include "json_out.h"
#include "terminal_text.h"

#include "review_out.h"

#include "evidence/review_verify.h"
#include "store/case_file.h"
#include "store/case_info.h"
#include "util/private_file.h"
#include "util/time_util.h"

#include <cstdio>

namespace siphon::cli {

namespace {

// The CloudTrail <-> Bedrock join: calls described by both logs, and CloudTrail-only events by error code.
QJsonObject joinJson(const store::JoinInfo& j) {
    QJsonObject o;
    o[QStringLiteral("cloudtrail_bedrock_joined")] = static_cast<double>(j.joined);
    o[QStringLiteral("cloudtrail_only")] = static_cast<double>(j.cloudtrailOnly);
    QJsonObject byError;
    for (const auto& [code, n] : j.cloudtrailOnlyByError)
        byError[qs(code.empty() ? "none" : code)] = static_cast<double>(n);
    o[QStringLiteral("cloudtrail_only_by_error")] = byError;
    return o;
}

void printJoin(const store::JoinInfo& j) {
    if (j.joined == 0 && j.cloudtrailOnly == 0) return;
    std::printf("cloudtrail join %lld calls in both logs, %lld CloudTrail-only events",
                static_cast<long long>(j.joined), static_cast<long long>(j.cloudtrailOnly));
    for (const auto& [code, n] : j.cloudtrailOnlyByError)
        std::printf(" %s=%lld", terminalSafe(code.empty() ? "none" : code).c_str(), static_cast<long long>(n));
    std::printf("\n");
}

} // namespace

int cmdInfo(int argc, char** argv) {
    CommandSpec spec{{}, {"--json"}};
    std::string err;
    auto args = Args::parse(argc, argv, 2, spec, err);
    if (!args) return usageError(err);
    if (args->positional().size() != 1) return usageError("info needs exactly one CASE");
    auto db = store::openCase(args->positional()[0], store::CaseAccess::Read);
    if (!db) return fatalError(db.error().describe());
    auto info = store::loadCaseInfo(*db);
    if (!info) return fatalError(info.error().describe());
    if (auto shared = util::sharedReadWarning(args->positional()[0]))
        std::fprintf(stderr, "warning: the case file is %s\n", shared->c_str());
    // A review case is checked every time it is opened; a failure is the exit code too.
    auto review = evidence::verifyReviewCase(*db);
    if (!review) return fatalError(review.error().describe());
    const int rc = review->ok() ? kExitOk : kExitError;

    if (args->flag("--json")) {
        QJsonObject o;
        o[QStringLiteral("schema_version")] = info->schemaVersion;
        o[QStringLiteral("requests")] = static_cast<double>(info->requests);
        o[QStringLiteral("buckets")] = static_cast<double>(info->buckets);
        o[QStringLiteral("rejects")] = static_cast<double>(info->rejects);
        o[QStringLiteral("duplicates")] = static_cast<double>(info->duplicates);
        o[QStringLiteral("conflicts")] = static_cast<double>(info->conflicts);
        if (info->requests > 0) {
            o[QStringLiteral("first_seen")] = qs(timeutil::formatIso8601(info->firstUs));
            o[QStringLiteral("last_seen")] = qs(timeutil::formatIso8601(info->lastUs));
        }
        QJsonObject entities;
        for (const auto& [level, n] : info->entities) entities[qs(level)] = static_cast<double>(n);
        o[QStringLiteral("entities")] = entities;
        QJsonArray sources;
        for (const auto& s : info->sources) {
            QJsonObject so;
            so[QStringLiteral("path")] = qs(s.path);
            so[QStringLiteral("sha256")] = qs(s.sha256);
            so[QStringLiteral("size")] = static_cast<double>(s.sizeBytes);
            so[QStringLiteral("format")] = qs(s.format);
            so[QStringLiteral("records")] = static_cast<double>(s.records);
            so[QStringLiteral("requests")] = static_cast<double>(s.requests);
            so[QStringLiteral("buckets")] = static_cast<double>(s.buckets);
            so[QStringLiteral("rejects")] = static_cast<double>(s.rejects);
            so[QStringLiteral("duplicates")] = static_cast<double>(s.duplicates);
            so[QStringLiteral("conflicts")] = static_cast<double>(s.conflicts);
            so[QStringLiteral("joined")] = static_cast<double>(s.joined);
            so[QStringLiteral("complete")] = s.complete;
            so[QStringLiteral("imported_at")] = qs(timeutil::formatIso8601(s.importedAtUs));
            sources.append(so);
        }
        o[QStringLiteral("sources")] = sources;
        o[QStringLiteral("join")] = joinJson(info->join);
        QJsonArray skipped;
        for (const auto& k : info->skipped) {
            QJsonObject ko;
            ko[QStringLiteral("path")] = qs(k.path);
            ko[QStringLiteral("reason")] = qs(k.reason);
            skipped.append(ko);
        }
        o[QStringLiteral("skipped_paths")] = static_cast<double>(info->skipped.size());
        o[QStringLiteral("skipped")] = skipped;
        if (review->reviewCase) o[QStringLiteral("review_case")] = reviewCheckJson(*review);
        printJson(o);
        return rc;
    }
    std::printf("schema version  %d\n", info->schemaVersion);
    std::printf("requests        %lld\n", static_cast<long long>(info->requests));
    std::printf("usage buckets   %lld\n", static_cast<long long>(info->buckets));
    std::printf("rejects         %lld\n", static_cast<long long>(info->rejects));
    std::printf("duplicates      %lld\n", static_cast<long long>(info->duplicates));
    std::printf("conflicts       %lld\n", static_cast<long long>(info->conflicts));
    if (info->requests > 0)
        std::printf("time span       %s .. %s\n", timeutil::formatIso8601(info->firstUs).c_str(),
                    timeutil::formatIso8601(info->lastUs).c_str());
    printJoin(info->join);
    std::printf("entities       ");
    for (const auto& [level, n] : info->entities) std::printf(" %s=%lld", level.c_str(), static_cast<long long>(n));
    std::printf("\nsources         %zu\n", info->sources.size());
    for (const auto& s : info->sources)
        std::printf("  [%s] %s  %s  %lld records, %lld rejects  sha256 %s\n", s.complete ? "complete" : "INCOMPLETE",
                    terminalSafe(s.path).c_str(), terminalSafe(s.format).c_str(), static_cast<long long>(s.records),
                    static_cast<long long>(s.rejects), terminalSafe(s.sha256).c_str());
    // What a folder import did not read is part of what the case can say about its inputs.
    std::printf("skipped paths   %zu\n", info->skipped.size());
    for (const auto& k : info->skipped)
        std::printf("  %s: %s\n", terminalSafe(k.path).c_str(), terminalSafe(k.reason).c_str());
    if (review->reviewCase) printReviewCheck(*review);
    return rc;
}

} // namespace siphon::cli
