// json_access (typed dotted-path getters: absent vs invalid) and llm_text (prompt/response
// flattening) on hand-written documents.
#include "ingest/readers/json_access.h"
#include "ingest/readers/llm_text.h"

#include <catch2/catch.hpp>

using namespace siphon::ingest;
using json::Parse;

namespace {
simdjson::dom::element parse(simdjson::dom::parser& p, const std::string& text) {
    simdjson::dom::element el;
    REQUIRE_FALSE(p.parse(text).get(el));
    return el;
}
} // namespace

TEST_CASE("json_access: dotted paths, absent vs invalid, numbers as strings", "[readers][json_access]") {
    simdjson::dom::parser p;
    auto doc = parse(p, R"({"a":{"b":{"n":42,"s":"17","f":2.0,"x":"abc","neg":-3,"big":18446744073709551615},
                           "nul":null},"arr":[{"t":"first"},{"t":"second"}],"flag":"yes","when":1770127641,
                           "iso":"2026-02-03T14:07:21.118Z","obj":{"k":1}})");
    int64_t i = 0;
    CHECK(json::getInt(doc, "a.b.n", i) == Parse::Ok);
    CHECK(i == 42);
    CHECK(json::getInt(doc, "a.b.s", i) == Parse::Ok);
    CHECK(i == 17);
    CHECK(json::getInt(doc, "a.b.f", i) == Parse::Ok);
    CHECK(i == 2);
    CHECK(json::getInt(doc, "a.b.x", i) == Parse::Bad);
    CHECK(json::getInt(doc, "a.b.big", i) == Parse::Bad);
    CHECK(json::getInt(doc, "a.b.missing", i) == Parse::Absent);
    CHECK(json::getInt(doc, "a.nul", i) == Parse::Absent);   // JSON null = absent
    CHECK(json::getInt(doc, "a.b.n.deeper", i) == Parse::Absent);
    CHECK(json::getInt(doc, "obj", i) == Parse::Bad);

    std::string s;
    CHECK(json::getString(doc, "arr.1.t", s) == Parse::Ok);
    CHECK(s == "second");
    CHECK(json::getString(doc, "a.b.n", s) == Parse::Ok);
    CHECK(s == "42");
    CHECK(json::getString(doc, "obj", s) == Parse::Bad);
    CHECK(json::str(doc, "arr.5.t").empty());
    CHECK(json::view(doc, "a.b.n").empty());   // view is for strings only

    bool b = false;
    CHECK(json::getBool(doc, "flag", b) == Parse::Ok);
    CHECK(b);
    int64_t us = 0, prec = 0;
    CHECK(json::getTime(doc, "when", us, prec) == Parse::Ok);
    CHECK(us == 1770127641000000);
    CHECK(prec == 1000000);
    CHECK(json::getTime(doc, "iso", us, prec) == Parse::Ok);
    CHECK(us == 1770127641118000);
    CHECK(prec == 1000);
    CHECK(json::getTime(doc, "a.b.x", us, prec) == Parse::Bad);
}

TEST_CASE("json_access: FieldReader keeps the first problem, naming the field", "[readers][json_access]") {
    simdjson::dom::parser p;
    auto doc = parse(p, R"({"ok":5,"neg":-1,"bad":"many","later":"worse"})");
    json::FieldReader f(doc);
    CHECK(f.optInt("ok") == 5);
    CHECK_FALSE(f.optInt("absent").has_value());
    CHECK_FALSE(f.failed());
    CHECK(f.optInt("neg", true) == -1);
    CHECK_FALSE(f.failed());
    CHECK_FALSE(f.optInt("bad").has_value());
    CHECK_FALSE(f.optInt("later").has_value());
    CHECK(f.error() == "non-numeric bad 'many'");
    json::FieldReader g(doc);
    CHECK_FALSE(g.optInt("neg").has_value());
    CHECK(g.error() == "negative neg '-1'");
    int64_t t = 0, prec = 0;
    json::FieldReader h(doc);
    CHECK_FALSE(h.time("timestamp", t, prec));
    CHECK(h.error() == "missing timestamp");
}

TEST_CASE("llm_text: prompts and responses across API shapes", "[readers][llm_text]") {
    simdjson::dom::parser p;
    std::string out;
    llmtext::appendPrompt(parse(p, R"({"system":"sys","messages":[{"role":"user","content":"plain"},
        {"role":"user","content":[{"type":"text","text":"block"},{"type":"image","source":{}},
        {"guardContent":{"text":{"text":"guarded"}}}]}]})"), out);
    CHECK(out == "sys\nplain\nblock\nguarded");

    out.clear();
    llmtext::appendResponse(parse(p, R"([{"type":"content_block_delta","delta":{"text":"Hel"}},
        {"choices":[{"delta":{"content":"lo"}}]},{"contentBlockDelta":{"delta":{"text":"!"}}},"[DONE]"])"), out);
    CHECK(out == "Hello!");

    out.clear();
    llmtext::appendResponse(parse(p, R"({"choices":[{"message":{"content":"a"}},{"text":"b"}]})"), out);
    CHECK(out == "a\nb");

    out.clear();
    llmtext::appendResponse(parse(p, R"({"results":[{"outputText":"titan"}]})"), out);
    CHECK(out == "titan");

    out.clear();
    llmtext::appendResponse(parse(p, R"({"content":[{"type":"thinking","thinking":"hmm"},{"type":"text","text":"42"}]})"),
                            out);
    CHECK(out == "hmm\n42");
}
