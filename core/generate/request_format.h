#pragma once
// How one per-request log format renders a simulated call, how it damages one on purpose (dirty
// mode) and which entity ids the importer will see in it. One subclass per format.
#include "generate/model.h"
#include "generate/text.h"

#include <memory>
#include <string>
#include <vector>

namespace siphon::generate {

enum class Fault {
    None, MalformedJson, InvalidUtf8, MissingTimestamp, NonNumericTokens, BadTimestamp, UnbalancedQuote,
    Truncated, Duplicate,
};
const char* faultKindName(Fault f);   // faults.csv kind: reject_* or duplicate

// Entity levels as in store/entity_level.h.
enum Level { kAccount = 0, kProject = 1, kKey = 2, kUser = 3, kIp = 4 };

// Which identity of an actor a record showed: (level, variant, index) → rendered by entityId().
struct EntityRef {
    int level;
    int variant;   // format-specific (e.g. principal vs end user)
    int index;
};

class RequestFormat {
public:
    virtual ~RequestFormat() = default;
    virtual std::string id() const = 0;
    virtual std::string extension() const = 0;
    virtual bool gzip() const { return false; }
    virtual std::string header() const { return {}; }       // written before the first record
    virtual std::string separator() const { return "\n"; }  // between records
    virtual std::string footer() const { return "\n"; }     // after the last (omitted when truncated)
    virtual int maxRecordsPerFile(int requested) const { return requested; }
    virtual bool includes(const Event&) const { return true; }
    // Faults this format can carry (line-damaging kinds); Duplicate/Truncated are added by the caller
    // when supportsLineFaults().
    virtual std::vector<Fault> faults() const { return {}; }
    virtual bool supportsLineFaults() const { return false; }
    // Appends the record (no trailing newline), damaged as `fault` says.
    virtual void render(const Actor& a, const Event& e, const CallText& t, Fault fault, std::string& out) const = 0;
    // Cuts a rendered record so it cannot parse (the truncated final line).
    virtual void truncate(std::string& record) const;
    // The identities a valid record shows.
    virtual void entities(const Actor& a, const Event& e, std::vector<EntityRef>& out) const = 0;
    virtual std::string entityId(const Actor& a, const EntityRef& ref) const = 0;
};

std::unique_ptr<RequestFormat> makeRequestFormat(const std::string& id);   // nullptr for bucket formats

// Shared helpers for the subclasses.
namespace detail {
std::string maskedIp(const std::string& ip);   // "a.b.c.***"
int64_t costMicroUsd(const Event& e);
}

} // namespace siphon::generate
