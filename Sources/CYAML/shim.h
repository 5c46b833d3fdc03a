#ifndef PORTOLAN_CYAML_SHIM_H
#define PORTOLAN_CYAML_SHIM_H
#include <yaml.h>
#endif
