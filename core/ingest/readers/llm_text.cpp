#include "ingest/readers/llm_text.h"

#include "ingest/readers/json_access.h"

namespace siphon::ingest::llmtext {

using simdjson::dom::element;

namespace {

void appendRaw(std::string& out, std::string_view piece) {
    if (out.size() >= kMaxTextBytes) return;
    out.append(piece.substr(0, kMaxTextBytes - out.size()));
}

void appendPart(std::string& out, std::string_view piece) {
    if (piece.empty()) return;
    if (!out.empty()) appendRaw(out, "\n");
    appendRaw(out, piece);
}

// A content value: a plain string, one block, or an array of blocks ({text}, {type:text,text}).
// Tool calls, images and documents carry no text and are skipped.
void appendContent(element content, std::string& out) {
    std::string_view s;
    if (!content.get_string().get(s)) {
        appendPart(out, s);
        return;
    }
    simdjson::dom::array blocks;
    if (content.get_array().get(blocks)) {
        if (content.is_object()) appendPart(out, json::view(content, "text"));
        return;
    }
    for (element block : blocks) {
        if (!block.get_string().get(s)) {
            appendPart(out, s);
            continue;
        }
        // Plain text, Converse guardrail-wrapped text, and reasoning (Anthropic "thinking",
        // Converse reasoningContent): reasoning is output a distiller would harvest too.
        for (const char* path : {"text", "guardContent.text.text", "thinking", "reasoningContent.reasoningText.text"})
            appendPart(out, json::view(block, path));
    }
}

// One element of a response stream; deltas are glued without separators.
void appendStreamChunk(element chunk, std::string& out) {
    if (!chunk.is_object()) return;   // e.g. the bare "[DONE]" terminator
    for (const char* path : {"delta.text", "contentBlockDelta.delta.text", "completion", "generation", "outputText",
                             "choices.0.delta.content", "choices.0.text", "outputs.0.text"}) {
        std::string_view s = json::view(chunk, path);
        if (!s.empty()) {
            appendRaw(out, s);
            return;
        }
    }
}

} // namespace

void appendMessages(element messages, std::string& out) {
    simdjson::dom::array arr;
    if (messages.get_array().get(arr)) {
        // Some logs keep a single message object, or a plain string.
        std::string_view s;
        if (!messages.get_string().get(s)) appendPart(out, s);
        else if (json::has(messages, "content")) appendContent(messages["content"].value_unsafe(), out);
        return;
    }
    for (element m : arr) {
        element c;
        if (json::at(m, "content", c)) appendContent(c, out);
        else appendPart(out, json::view(m, "text"));
    }
}

void appendPrompt(element body, std::string& out) {
    if (!body.is_object()) {
        std::string_view s;
        if (!body.get_string().get(s)) appendPart(out, s);
        return;
    }
    element v;
    if (json::at(body, "system", v)) appendContent(v, out);
    if (json::at(body, "messages", v)) appendMessages(v, out);
    for (const char* key : {"prompt", "inputText", "input"}) {
        if (!json::at(body, key, v)) continue;
        std::string_view s;
        if (!v.get_string().get(s)) appendPart(out, s);
        else if (v.is_array()) appendMessages(v, out);
    }
}

void appendResponse(element body, std::string& out) {
    simdjson::dom::array arr;
    if (!body.get_array().get(arr)) {
        for (element chunk : arr) appendStreamChunk(chunk, out);
        return;
    }
    if (!body.is_object()) return;
    element v;
    if (json::at(body, "output.message.content", v)) appendContent(v, out);
    if (json::at(body, "content", v)) appendContent(v, out);
    simdjson::dom::array list;
    if (json::at(body, "choices", v) && !v.get_array().get(list)) {
        for (element choice : list) {
            element c;
            if (json::at(choice, "message.content", c)) appendContent(c, out);
            else appendPart(out, json::view(choice, "text"));
        }
    }
    for (const char* key : {"completion", "generation", "outputText", "text"}) appendPart(out, json::view(body, key));
    for (const char* key : {"results", "outputs"}) {
        if (!json::at(body, key, v) || v.get_array().get(list)) continue;
        for (element r : list) {
            appendPart(out, json::view(r, "outputText"));
            appendPart(out, json::view(r, "text"));
        }
    }
}

} // namespace siphon::ingest::llmtext
