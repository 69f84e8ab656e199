#include "generate/request_format.h"

namespace siphon::generate {

std::unique_ptr<RequestFormat> makeGenericCsv();
std::unique_ptr<RequestFormat> makeGenericJsonl();
std::unique_ptr<RequestFormat> makeBedrock();
std::unique_ptr<RequestFormat> makeCloudTrail();
std::unique_ptr<RequestFormat> makeAzureDiag();
std::unique_ptr<RequestFormat> makeLiteLlm();

const char* faultKindName(Fault f) {
    switch (f) {
    case Fault::None: return "none";
    case Fault::MalformedJson: return "reject_malformed_json";
    case Fault::InvalidUtf8: return "reject_invalid_utf8";
    case Fault::MissingTimestamp: return "reject_missing_timestamp";
    case Fault::NonNumericTokens: return "reject_non_numeric_tokens";
    case Fault::BadTimestamp: return "reject_bad_timestamp";
    case Fault::UnbalancedQuote: return "reject_unbalanced_quote";
    case Fault::Truncated: return "reject_truncated_line";
    case Fault::Duplicate: return "duplicate";
    }
    return "none";
}

void RequestFormat::truncate(std::string& record) const {
    // Half a JSON record: an unterminated string or object. Cut on a UTF-8 character boundary so
    // the damage is the truncation, not an encoding error.
    size_t cut = record.size() / 2;
    while (cut > 0 && (static_cast<unsigned char>(record[cut]) & 0xC0) == 0x80) --cut;
    record.resize(cut);
}

std::unique_ptr<RequestFormat> makeRequestFormat(const std::string& id) {
    if (id == "generic_csv") return makeGenericCsv();
    if (id == "generic_jsonl") return makeGenericJsonl();
    if (id == "bedrock_invocation") return makeBedrock();
    if (id == "aws_cloudtrail") return makeCloudTrail();
    if (id == "azure_diag") return makeAzureDiag();
    if (id == "litellm_spendlogs") return makeLiteLlm();
    return nullptr;
}

} // namespace siphon::generate
