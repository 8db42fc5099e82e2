#include "cli/commands.hpp"

int main(int argc, char** argv) { return gm::cli::main(argc, argv); }
