#pragma once
// The GUI program behind app/gui/main.cpp:
//   siphon [CASE.siphon | LOG_FILES...]
//   siphon --demo
//   siphon --screenshot OUT.png --case CASE [--entity ID] [--view accounts|timeline|heatmap|network|requests] [--dark]
//   siphon --bench-stall CASE
// Exit codes: 0 success, 1 failure (one-line "error:" on stderr), 2 bad usage.
namespace siphon::ui {
int runGuiApp(int argc, char** argv);
}
