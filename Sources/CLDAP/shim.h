// Module-map header paths are relative to the map, so reach the system headers through this shim.
#include <lber.h>
#include <ldap.h>
