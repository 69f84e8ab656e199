// Orchestration: simulate a day, render it into every requested format (damaging a few records
// on purpose in dirty mode), aggregate the usage reports, then write the ground truth.
#include "generate/generator.h"

#include "generate/fmt.h"
#include "generate/out_file.h"
#include "generate/population.h"
#include "generate/request_format.h"
#include "generate/text.h"
#include "generate/traffic.h"
#include "generate/truth.h"
#include "generate/usage_report.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace siphon::generate {

namespace {

constexpr int64_t kDayUs = 86'400'000'000LL;

uint64_t entityCode(int level, int variant, int actor, int index) {
    return (static_cast<uint64_t>(level) << 56) | (static_cast<uint64_t>(variant) << 52) |
           (static_cast<uint64_t>(actor) << 24) | static_cast<uint64_t>(index);
}

void compact(std::vector<uint64_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

struct FormatRun {
    std::string id;
    std::unique_ptr<RequestFormat> request;   // null for the usage reports
    FormatCounts counts;
    std::vector<uint64_t> codes;              // entity codes of valid records
    int64_t timeBuckets = 0;                  // usage reports: the importer's records are time buckets
};

std::string dayName(int64_t dayStartUs) {
    std::string s;
    fmt::appendTime(s, dayStartUs, 0);
    return s.substr(0, 10);
}

class Run {
public:
    Run(const GenerateOptions& o, const Population& p) : o_(o), pop_(p), faultRng_(Rng(o.seed).fork(99)) {}

    Status writeRequestFile(FormatRun& f, const std::vector<const Event*>& events, const std::vector<CallText>& texts,
                            const std::vector<Event>& day, const std::string& rel, bool lastFile) {
        const RequestFormat& fmtr = *f.request;
        const size_t n = events.size();
        std::vector<Fault> plan(n, Fault::None);
        if (o_.dirty && fmtr.supportsLineFaults() && n >= 4) {
            std::vector<Fault> kinds = fmtr.faults();
            kinds.push_back(Fault::Duplicate);
            for (Fault k : kinds) {
                if (!faultRng_.chance(0.6)) continue;
                // Never the first record (it decides the NDJSON layout) nor the last (may be truncated).
                for (int tries = 0; tries < 8; ++tries) {
                    const size_t at = 1 + faultRng_.index(n - 2);
                    if (plan[at] == Fault::None) {
                        plan[at] = k;
                        break;
                    }
                }
            }
            if (lastFile) plan[n - 1] = Fault::Truncated;
        }
        OutFile out;
        if (Status s = out.open(o_.outDir + "/" + rel, fmtr.gzip()); !s) return s;
        out.write(fmtr.header());
        std::string rec;
        std::vector<EntityRef> refs;
        const std::string sep = fmtr.separator();
        int64_t written = 0;
        for (size_t i = 0; i < n; ++i) {
            const Event& e = *events[i];
            const Actor& a = pop_.actors[e.actor];
            const Fault fault = plan[i];
            if (i > 0) out.write(sep);
            rec.clear();
            const CallText& t = texts[static_cast<size_t>(&e - day.data())];
            fmtr.render(a, e, t, fault == Fault::Duplicate || fault == Fault::Truncated ? Fault::None : fault, rec);
            if (fault == Fault::Truncated) fmtr.truncate(rec);
            const int64_t line = out.line();
            out.write(rec);
            ++written;
            if (fault != Fault::None && fault != Fault::Duplicate) {
                faults_.push_back({rel, line, faultKindName(fault)});
                ++f.counts.rejects;
                continue;
            }
            ++f.counts.requests;
            refs.clear();
            fmtr.entities(a, e, refs);
            for (const EntityRef& r : refs) f.codes.push_back(entityCode(r.level, r.variant, static_cast<int>(e.actor), r.index));
            if (fault == Fault::Duplicate) {
                out.write(sep);
                faults_.push_back({rel, out.line(), faultKindName(fault)});
                out.write(rec);
                ++written;
                ++f.counts.duplicates;
            }
        }
        if (n == 0 || plan[n - 1] != Fault::Truncated) out.write(fmtr.footer());
        if (f.codes.size() > (1u << 22)) compact(f.codes);
        if (Status s = out.close(); !s) return s;
        summary_.files.push_back({rel, f.id, written});
        ++f.counts.files;
        return {};
    }

    Status writeDay(std::vector<FormatRun>& runs, int day) {
        const int64_t dayStart = o_.startUs + day * kDayUs;
        const bool lastDay = day == o_.days - 1;
        std::vector<Event> events = sim_->simulateDay(day);
        summary_.simulatedRequests += static_cast<int64_t>(events.size());
        std::vector<CallText> texts;
        const bool needText = std::any_of(runs.begin(), runs.end(), [](const FormatRun& r) { return r.request != nullptr; });
        if (needText) {
            texts.reserve(events.size());
            for (const Event& e : events) texts.push_back(callText(e, pop_.actors[e.actor]));
        }
        for (FormatRun& f : runs) {
            const std::string base = "logs/" + f.id + "/" + f.id + "-" + dayName(dayStart);
            if (!f.request) {
                const bool anthropic = f.id == "anthropic_usage";
                OutFile out;
                const std::string rel = base + ".json";
                if (Status s = out.open(o_.outDir + "/" + rel, false); !s) return s;
                UsageDayResult r = writeUsageDay(anthropic, pop_.actors, events, dayStart, lastDay, out);
                if (Status s = out.close(); !s) return s;
                f.counts.buckets += r.bucketRows;
                f.timeBuckets += 24;
                ++f.counts.files;
                summary_.files.push_back({rel, f.id, r.bucketRows});
                for (auto [actor, key] : r.keysSeen) f.codes.push_back(entityCode(kKey, anthropic ? 1 : 0, actor, key));
                for (auto [actor, proj] : r.projectsSeen)
                    f.codes.push_back(entityCode(kProject, anthropic ? 1 : 0, actor, proj));
                compact(f.codes);
                continue;
            }
            std::vector<const Event*> chosen;
            for (const Event& e : events)
                if (f.request->includes(e)) chosen.push_back(&e);
            const size_t per = static_cast<size_t>(std::max(1, f.request->maxRecordsPerFile(o_.maxRecordsPerFile)));
            const size_t parts = (chosen.size() + per - 1) / per;
            for (size_t p = 0; p < parts; ++p) {
                std::vector<const Event*> chunk(chosen.begin() + static_cast<std::ptrdiff_t>(p * per),
                                                chosen.begin() + static_cast<std::ptrdiff_t>(std::min(chosen.size(), (p + 1) * per)));
                std::string rel = base;
                if (parts > 1) rel += "-p" + std::to_string(p + 1);
                rel += f.request->extension();
                if (Status s = writeRequestFile(f, chunk, texts, events, rel, lastDay && p + 1 == parts); !s) return s;
            }
        }
        return {};
    }

    Result<GenerateSummary> run() {
        std::vector<FormatRun> runs;
        for (const std::string& id : o_.formats) {
            FormatRun f;
            f.id = id;
            f.request = makeRequestFormat(id);
            std::error_code ec;
            std::filesystem::create_directories(o_.outDir + "/logs/" + id, ec);
            if (ec) return makeError(ErrorCode::Io, "cannot create directory: " + ec.message(), o_.outDir + "/logs/" + id);
            runs.push_back(std::move(f));
        }
        std::error_code ec;
        std::filesystem::create_directories(o_.outDir + "/truth", ec);
        if (ec) return makeError(ErrorCode::Io, "cannot create directory: " + ec.message(), o_.outDir + "/truth");

        TrafficSimulator sim(pop_.actors, o_.seed, o_.startUs, o_.days);
        sim_ = &sim;
        for (int day = 0; day < o_.days; ++day)
            if (Status s = writeDay(runs, day); !s) return s.error();

        // Entities and labels from the codes each format collected.
        LabelMap labels;
        std::map<int, std::set<std::string>> unionIds;
        for (FormatRun& f : runs) {
            compact(f.codes);
            std::map<int, std::set<std::string>> ids;
            for (uint64_t code : f.codes) {
                const int level = static_cast<int>(code >> 56);
                const int variant = static_cast<int>((code >> 52) & 15);
                const int actor = static_cast<int>((code >> 24) & 0xFFFFFFF);
                const int index = static_cast<int>(code & 0xFFFFFF);
                const Actor& a = pop_.actors[static_cast<size_t>(actor)];
                std::string id;
                if (f.request) {
                    id = f.request->entityId(a, {level, variant, index});
                } else if (level == kKey) {
                    id = variant == 1 ? a.keys[static_cast<size_t>(index)].anthropic : a.keys[static_cast<size_t>(index)].generic;
                } else {
                    id = variant == 1 ? a.projects[static_cast<size_t>(index)].anthropic
                                      : a.projects[static_cast<size_t>(index)].generic;
                }
                if (id.empty()) continue;
                ids[level].insert(id);
                auto [it, added] = labels.emplace(std::make_pair(level, id), actor);
                // An id shared by two actors (a masked /24, a shared address) is labelled malicious if any owner is.
                if (!added && !pop_.actors[static_cast<size_t>(it->second)].malicious() && a.malicious()) it->second = actor;
            }
            for (const auto& [level, set] : ids) {
                f.counts.entities[levelName(level)] = static_cast<int64_t>(set.size());
                if (f.request) unionIds[level].insert(set.begin(), set.end());
            }
            for (int level = 0; level < 5; ++level) f.counts.entities.emplace(levelName(level), 0);
            f.counts.records = f.counts.requests + f.counts.rejects + f.counts.duplicates +
                               (f.request ? f.counts.buckets : f.timeBuckets);
            summary_.formats[f.id] = f.counts;
        }
        for (int level = 0; level < 5; ++level)
            summary_.entities[levelName(level)] = static_cast<int64_t>(unionIds[level].size());
        summary_.faults = static_cast<int64_t>(faults_.size());
        summary_.labelRows = static_cast<int64_t>(labels.size());
        if (Status s = writeTruth(o_, pop_.actors, labels, faults_, summary_); !s) return s.error();
        return summary_;
    }

private:
    const GenerateOptions& o_;
    const Population& pop_;
    Rng faultRng_;
    TrafficSimulator* sim_ = nullptr;
    GenerateSummary summary_;
    std::vector<FaultRow> faults_;
};

} // namespace

Result<GenerateSummary> generate(const GenerateOptions& input) {
    GenerateOptions o = input;
    if (o.outDir.empty()) return makeError(ErrorCode::Usage, "an output directory is required");
    if (o.accounts < 1 || o.accounts > 1'000'000) return makeError(ErrorCode::Usage, "accounts must be 1..1000000");
    if (o.days < 1 || o.days > 3660) return makeError(ErrorCode::Usage, "days must be 1..3660");
    if (o.maxRecordsPerFile < 1) return makeError(ErrorCode::Usage, "maxRecordsPerFile must be positive");
    if (o.formats.empty()) return makeError(ErrorCode::Usage, "no format requested");
    std::vector<std::string> ordered;   // canonical order, no repeats
    for (const std::string& f : allFormats())
        if (std::find(o.formats.begin(), o.formats.end(), f) != o.formats.end()) ordered.push_back(f);
    for (const std::string& f : o.formats)
        if (std::find(allFormats().begin(), allFormats().end(), f) == allFormats().end())
            return makeError(ErrorCode::Usage, "unknown format '" + f + "'");
    o.formats = ordered;
    o.startUs -= ((o.startUs % kDayUs) + kDayUs) % kDayUs;   // floor to UTC midnight
    const Population pop = buildPopulation(o.seed, o.accounts, o.days, o.startUs);
    Run run(o, pop);
    return run.run();
}

} // namespace siphon::generate
