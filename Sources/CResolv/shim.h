#ifndef PORTOLAN_CRESOLV_SHIM_H
#define PORTOLAN_CRESOLV_SHIM_H
#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <netdb.h>

/* <resolv.h> names these two through macros, which Swift does not import. */
static inline int cresolv_ninit(res_state state) { return res_ninit(state); }
static inline void cresolv_nclose(res_state state) { res_nclose(state); }
#endif
