// Boost 1.81's Process v2 is compiled here, once, instead of header-only
// (its header-only mode misses a symbol). See BOOST_PROCESS_V2_SEPARATE_COMPILATION
// in CMakeLists.txt.
#include <boost/process/v2/src.hpp>
