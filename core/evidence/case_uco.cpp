// case.jsonld: the investigation in CASE/UCO 1.4 terms (checked by shared/tools/check-case-uco).
// Node ids are derived from stable content (hashes, numbers), so the file is deterministic.
#include "evidence/bundle_files.h"

#include "util/hash.h"
#include "util/time_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <map>

namespace siphon::evidence {

namespace {

QString q(const std::string& s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }
QJsonObject idRef(const std::string& id) { return QJsonObject{{QStringLiteral("@id"), q(id)}}; }
QJsonObject typed(const char* type, const std::string& value) {
    return QJsonObject{{QStringLiteral("@type"), QLatin1String(type)}, {QStringLiteral("@value"), q(value)}};
}
QJsonObject dateTime(int64_t us) { return typed("xsd:dateTime", timeutil::formatIso8601(us, true)); }
std::string shortId(std::string_view s) { return Sha256::hex(s).substr(0, 16); }

QJsonObject fileNode(const std::string& id, const std::string& name, int64_t size, const std::string& sha256) {
    QJsonObject hash{{QStringLiteral("@id"), q(id + "-hash")},
                     {QStringLiteral("@type"), QStringLiteral("uco-types:Hash")},
                     {QStringLiteral("uco-types:hashMethod"), typed("uco-vocabulary:HashNameVocab", "SHA256")},
                     {QStringLiteral("uco-types:hashValue"), typed("xsd:hexBinary", sha256)}};
    QJsonObject fileFacet{{QStringLiteral("@id"), q(id + "-file-facet")},
                          {QStringLiteral("@type"), QStringLiteral("uco-observable:FileFacet")},
                          {QStringLiteral("uco-observable:fileName"), q(name)},
                          {QStringLiteral("uco-observable:sizeInBytes"), typed("xsd:integer", std::to_string(size))}};
    QJsonObject contentFacet{{QStringLiteral("@id"), q(id + "-content-facet")},
                             {QStringLiteral("@type"), QStringLiteral("uco-observable:ContentDataFacet")},
                             {QStringLiteral("uco-observable:hash"), QJsonArray{hash}},
                             {QStringLiteral("uco-observable:sizeInBytes"), typed("xsd:integer", std::to_string(size))}};
    return QJsonObject{{QStringLiteral("@id"), q(id)},
                       {QStringLiteral("@type"), QStringLiteral("uco-observable:File")},
                       {QStringLiteral("uco-core:hasFacet"), QJsonArray{fileFacet, contentFacet}}};
}

QJsonObject ucoContext() {
    return QJsonObject{
        {QStringLiteral("kb"), QStringLiteral("urn:siphon:kb:")},
        {QStringLiteral("case-investigation"), QStringLiteral("https://ontology.caseontology.org/case/investigation/")},
        {QStringLiteral("uco-core"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/core/")},
        {QStringLiteral("uco-action"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/action/")},
        {QStringLiteral("uco-identity"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/identity/")},
        {QStringLiteral("uco-observable"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/observable/")},
        {QStringLiteral("uco-tool"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/tool/")},
        {QStringLiteral("uco-types"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/types/")},
        {QStringLiteral("uco-vocabulary"), QStringLiteral("https://ontology.unifiedcyberontology.org/uco/vocabulary/")},
        {QStringLiteral("xsd"), QStringLiteral("http://www.w3.org/2001/XMLSchema#")},
    };
}

// The @graph, node by node in a fixed order. A person's node comes where the person is first named
// (the examiner first), so the order, like the ids, follows from the case alone.
class UcoGraph {
public:
    explicit UcoGraph(const BundleContext& ctx) : ctx_(ctx), toolId_("kb:tool-siphon-" + ctx.toolVersion) {}

    QJsonArray build() {
        addTool();
        examinerId_ = person(ctx_.examiner);
        addSources();
        addBundleFiles();
        addAuditActions();
        addThisExport();
        for (const auto& ex : ctx_.evidence->exhibits) addExhibit(ex);
        addInvestigation();
        return graph_;
    }

private:
    void addTool() {
        graph_.append(QJsonObject{{QStringLiteral("@id"), q(toolId_)},
                                  {QStringLiteral("@type"), QStringLiteral("uco-tool:AnalyticTool")},
                                  {QStringLiteral("uco-core:name"), QStringLiteral("Siphon")},
                                  {QStringLiteral("uco-tool:version"), q(ctx_.toolVersion)},
                                  {QStringLiteral("uco-tool:toolType"), QStringLiteral("LLM API usage-log analysis")}});
    }

    std::string person(const std::string& name) {
        auto it = people_.find(name);
        if (it != people_.end()) return it->second;
        const std::string id = "kb:identity-" + shortId(name);
        people_[name] = id;
        graph_.append(QJsonObject{{QStringLiteral("@id"), q(id)},
                                  {QStringLiteral("@type"), QStringLiteral("uco-identity:Person")},
                                  {QStringLiteral("uco-core:name"), q(name)}});
        return id;
    }

    void addSources() {
        for (const auto& s : ctx_.sources) {
            const std::string id = "kb:source-" + s.sha256.substr(0, 16);
            graph_.append(fileNode(id, s.path, s.sizeBytes, s.sha256));
            sourceRefs_.append(idRef(id));
        }
    }

    void addBundleFiles() {
        for (const auto& f : *ctx_.files) {
            const std::string id = "kb:bundle-file-" + shortId(f.path);
            bundleFileIds_[f.path] = id;
            graph_.append(fileNode(id, f.path, f.size, f.sha256));
            resultRefs_.append(idRef(id));
        }
    }

    // Actions recorded in the audit log: imports, warehouse feature passes (their provenance in the
    // description), analysis runs and earlier exports (tags become Annotations, with their exhibits).
    void addAuditActions() {
        for (const auto& e : ctx_.audit) {
            if (e.action != "import" && e.action != "analyze" && e.action != "export" &&
                e.action != "warehouse-features")
                continue;
            const std::string id = "kb:action-" + e.hash.substr(0, 16);
            QJsonObject a{{QStringLiteral("@id"), q(id)},
                          {QStringLiteral("@type"), QStringLiteral("case-investigation:InvestigativeAction")},
                          {QStringLiteral("uco-core:name"), q(e.action)},
                          {QStringLiteral("uco-core:description"),
                           q("audit log seq " + std::to_string(e.seq) + ": " + e.payload)},
                          {QStringLiteral("uco-action:startTime"), dateTime(e.tsUs)},
                          {QStringLiteral("uco-action:instrument"), idRef(toolId_)},
                          {QStringLiteral("uco-action:performer"), idRef(person(e.author))}};
            if (e.action == "import" || e.action == "analyze") a[QStringLiteral("uco-action:object")] = sourceRefs_;
            graph_.append(a);
            investigationObjects_.append(idRef(id));
        }
    }

    void addThisExport() {
        const std::string id = "kb:action-export-" + shortId(std::to_string(ctx_.exportTimeUs) + ctx_.caseName);
        graph_.append(QJsonObject{{QStringLiteral("@id"), q(id)},
                                  {QStringLiteral("@type"), QStringLiteral("case-investigation:InvestigativeAction")},
                                  {QStringLiteral("uco-core:name"), QStringLiteral("export evidence bundle")},
                                  {QStringLiteral("uco-action:startTime"), dateTime(ctx_.exportTimeUs)},
                                  {QStringLiteral("uco-action:endTime"), dateTime(ctx_.exportTimeUs)},
                                  {QStringLiteral("uco-action:instrument"), idRef(toolId_)},
                                  {QStringLiteral("uco-action:performer"), idRef(examinerId_)},
                                  {QStringLiteral("uco-action:object"), sourceRefs_},
                                  {QStringLiteral("uco-action:result"), resultRefs_}});
        investigationObjects_.append(idRef(id));
    }

    // One ProvenanceRecord per exhibit, with its evidence files, and one Annotation for its tag.
    void addExhibit(const Exhibit& ex) {
        const std::string prId = "kb:provenance-" + ex.number;
        QJsonArray objs;
        for (const char* ext : {".csv", ".jsonl"}) {
            auto it = bundleFileIds_.find("evidence/" + ex.number + ext);
            if (it != bundleFileIds_.end()) objs.append(idRef(it->second));
        }
        graph_.append(
            QJsonObject{{QStringLiteral("@id"), q(prId)},
                        {QStringLiteral("@type"), QStringLiteral("case-investigation:ProvenanceRecord")},
                        {QStringLiteral("case-investigation:exhibitNumber"), q(ex.number)},
                        {QStringLiteral("uco-core:description"),
                         q(describeTarget(ex.tag.target) + " — " + std::to_string(ex.records.size()) + " records")},
                        {QStringLiteral("uco-core:object"), objs}});
        const std::string anId = "kb:annotation-tag-" + std::to_string(ex.tag.id);
        std::string statement = ex.tag.label.name + ": " + describeTarget(ex.tag.target);
        if (!ex.tag.note.empty()) statement += " — " + ex.tag.note;
        graph_.append(QJsonObject{{QStringLiteral("@id"), q(anId)},
                                  {QStringLiteral("@type"), QStringLiteral("uco-core:Annotation")},
                                  {QStringLiteral("uco-core:statement"), q(statement)},
                                  {QStringLiteral("uco-core:tag"), q(ex.tag.label.name)},
                                  {QStringLiteral("uco-core:createdBy"), idRef(person(ex.tag.author))},
                                  {QStringLiteral("uco-core:objectCreatedTime"), dateTime(ex.tag.createdAtUs)},
                                  {QStringLiteral("uco-core:object"), QJsonArray{idRef(prId)}}});
        investigationObjects_.append(idRef(prId));
        investigationObjects_.append(idRef(anId));
    }

    void addInvestigation() {
        graph_.append(
            QJsonObject{{QStringLiteral("@id"), q("kb:investigation-" + shortId(ctx_.caseName))},
                        {QStringLiteral("@type"), QStringLiteral("case-investigation:Investigation")},
                        {QStringLiteral("uco-core:name"), q(ctx_.caseName)},
                        {QStringLiteral("case-investigation:focus"),
                         QStringLiteral("Bulk extraction of LLM outputs through API accounts (distillation)")},
                        {QStringLiteral("uco-core:object"), investigationObjects_}});
    }

    const BundleContext& ctx_;
    const std::string toolId_;
    std::string examinerId_;
    QJsonArray graph_, sourceRefs_, resultRefs_, investigationObjects_;
    std::map<std::string, std::string> people_; // name -> id
    std::map<std::string, std::string> bundleFileIds_; // path -> id
};

} // namespace

std::string caseUcoJsonLd(const BundleContext& ctx) {
    QJsonObject doc{{QStringLiteral("@context"), ucoContext()}, {QStringLiteral("@graph"), UcoGraph(ctx).build()}};
    return QJsonDocument(doc).toJson(QJsonDocument::Indented).toStdString();
}

} // namespace siphon::evidence
