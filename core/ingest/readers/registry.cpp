// The reader registry: sniffing priority order (first match wins), as in formats.md §8.
// Specific formats come before the generic readers, which accept any obvious column names.
// The pipeline tries JSON readers on JSON input and CSV readers on text input, in this order.
#include "ingest/format_reader.h"
#include "ingest/readers/anthropic_usage_reader.h"
#include "ingest/readers/aws_cloudtrail_reader.h"
#include "ingest/readers/azure_diag_reader.h"
#include "ingest/readers/bedrock_invocation_reader.h"
#include "ingest/readers/cloudwatch_insights_reader.h"
#include "ingest/readers/cloudwatch_logs_reader.h"
#include "ingest/readers/generic_csv_reader.h"
#include "ingest/readers/generic_jsonl_reader.h"
#include "ingest/readers/litellm_spendlogs_json_reader.h"
#include "ingest/readers/litellm_spendlogs_reader.h"
#include "ingest/readers/openai_usage_reader.h"

namespace siphon::ingest {

std::vector<std::unique_ptr<FormatReader>> makeAllReaders() {
    std::vector<std::unique_ptr<FormatReader>> all;
    all.push_back(std::make_unique<CloudWatchLogsReader>());      // §8 step 4: a wrapper, unwrapped first
    all.push_back(std::make_unique<BedrockInvocationReader>());   // §8 rule 1
    all.push_back(std::make_unique<AwsCloudTrailReader>());       // rule 2
    all.push_back(std::make_unique<AzureDiagReader>());           // rule 3
    all.push_back(std::make_unique<OpenAiUsageReader>());         // rule 6
    all.push_back(std::make_unique<AnthropicUsageReader>());      // rule 8
    all.push_back(std::make_unique<LiteLlmSpendLogsJsonReader>()); // rule 9 (JSON rows)
    all.push_back(std::make_unique<LiteLlmSpendLogsCsvReader>());  // rule 9 (CSV export)
    all.push_back(std::make_unique<CloudWatchInsightsCsvReader>()); // §8 step 4: CSV column @message
    all.push_back(std::make_unique<GenericJsonlReader>());        // rule 15, JSON: last
    all.push_back(std::make_unique<GenericCsvReader>());          // rule 15, CSV: last
    return all;
}

std::unique_ptr<FormatReader> makeReader(std::string_view id) {
    for (auto& r : makeAllReaders())
        if (r->id() == id) return std::move(r);
    return nullptr;
}

} // namespace siphon::ingest
