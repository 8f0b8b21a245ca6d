#ifndef FILE_SYSTEM_TYPE_H
#define FILE_SYSTEM_TYPE_H

/// The type of the file system `path` is on (statfs's f_type, a magic number such as 0x6969 for
/// NFS), which Swift's Glibc module does not expose. Returns -1 with errno set on failure (and
/// ENOSYS outside Linux).
long long file_system_type(const char *path);

#endif
