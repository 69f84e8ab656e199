#pragma once
// Flattens the prompt and response text out of LLM request/response bodies, whatever the API
// shape: Anthropic Messages, Bedrock Converse, OpenAI chat/completions, Titan, Llama, Jamba.
// Content blocks give text, Converse guardContent text, and reasoning (thinking /
// reasoningContent); streams of chunks (Anthropic content_block_delta, OpenAI choices[].delta,
// Converse contentBlockDelta) are concatenated. Other text parts are joined with "\n".
// The text is hostile (written by the party under investigation): it is only stored, never
// interpreted. Output is capped at kMaxTextBytes per field.
#include <simdjson.h>

#include <string>

namespace siphon::ingest::llmtext {

constexpr size_t kMaxTextBytes = 1u << 20;

// system, messages[].content (string or blocks), prompt, inputText, input.
void appendPrompt(simdjson::dom::element body, std::string& out);
// A messages array alone (OpenAI/LiteLLM `messages` column).
void appendMessages(simdjson::dom::element messages, std::string& out);
// output.message.content[].text, content[].text, choices[].message.content, choices[].text,
// completion, generation, outputText, results[].outputText, outputs[].text; arrays = streams.
void appendResponse(simdjson::dom::element body, std::string& out);

} // namespace siphon::ingest::llmtext
