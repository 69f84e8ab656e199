#pragma once

namespace siphon::ui {

// How a case is opened: an existing case for work, a new case, or read-only for review (no import,
// analysis, tag or export; SQLite opens it read-only). A case Siphon cannot write (read-only
// media) opens read-only by itself.
enum class CaseOpenMode { Existing, Create, ReadOnly };

} // namespace siphon::ui
