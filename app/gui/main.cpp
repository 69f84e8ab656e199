// siphon: the GUI. Everything lives in the siphon_ui library; this file only hands over argv.
#include "main/app_runner.h"

int main(int argc, char** argv) { return siphon::ui::runGuiApp(argc, argv); }
