#pragma once
// OpenAI organisation Usage API and Costs API buckets (formats.md §1). A record is one bucket
// {"object":"bucket", start_time, end_time, results:[...]} — from a page (the framer unwraps
// data[]), an array of pages, NDJSON of pages, or a bare array of buckets.
// Each result becomes one BucketRecord; a bucket with results: [] becomes one BucketRecord with
// isEmpty (zero usage is a fact). A null dimension means "not grouped": groupBy is the sorted
// CSV of the dimension keys that are non-null in any result of the bucket. Costs results map
// amount.value -> costUsd, line_item, organization_id -> orgId. orgId otherwise comes from
// ImportSettings::orgIdHint (usage payloads lack it). requestedWidth is set only for a bucket
// exactly one aligned minute/hour/day wide. A bad number anywhere rejects the whole bucket.
#include "ingest/format_reader.h"

namespace siphon::ingest {

class OpenAiUsageReader final : public JsonFormatReader {
public:
    std::string_view id() const override { return "openai_usage"; }
    std::string_view title() const override { return "OpenAI organisation usage / costs buckets"; }
    std::string_view recognisedBy() const override {
        return "JSON buckets {\"object\":\"bucket\", start_time, end_time, results} whose results are "
               "organization.usage.* or organization.costs.result (pages, arrays of pages or of buckets)";
    }
    bool matches(simdjson::dom::element first) const override;
    Status begin(const ImportSettings& settings) override;
    void read(simdjson::dom::element record, const RawRecord& raw, RecordSink& sink) override;

private:
    std::string orgIdHint_;
};

} // namespace siphon::ingest
