#include <cstdlib>
namespace detail { inline double *get(std::size_t n) { return new double[n]; } }
