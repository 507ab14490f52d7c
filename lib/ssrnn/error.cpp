#include <ssrnn/error.hpp>
// The hierarchy is header-only; this translation unit anchors it in the library.
