// Module-map header paths are relative to the map, so reach the system header through this shim.
#include <yaml.h>
