#ifndef WRAP_H
#define WRAP_H
#endif
#ifdef USE_FRESH
#include "fresh_alloc.h"
#endif
