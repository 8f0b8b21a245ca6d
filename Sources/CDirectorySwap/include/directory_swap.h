#ifndef DIRECTORY_SWAP_H
#define DIRECTORY_SWAP_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE): readers see either the
/// old or the new directory, never neither. Returns 0, or -1 with errno set (ENOSYS elsewhere).
int directory_swap_exchange(const char *first, const char *second);

#endif
