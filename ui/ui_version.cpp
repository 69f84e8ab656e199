// Anchors the siphon_ui library while its views are written.
namespace siphon::ui {
const char* uiLibraryName() { return "siphon_ui"; }
} // namespace siphon::ui
