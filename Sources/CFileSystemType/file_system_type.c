#include <errno.h>
#include "file_system_type.h"

#if defined(__linux__)
#include <sys/vfs.h>
#endif

long long file_system_type(const char *path) {
#if defined(__linux__)
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    return (long long)info.f_type;
#else
    (void)path;
    errno = ENOSYS;
    return -1;
#endif
}
