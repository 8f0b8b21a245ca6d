/* The history helpsite reads for page dates, made with libgit2 instead of the git command, for
 * bench/git-dates.sh: prints what `git log -z --name-status -M --topo-order
 * --format='%x01%at %aN' -- PATH` prints (without .mailmap), so the two can be compared byte for
 * byte and timed doing the same work. Build: cc -O2 libgit2-log.c $(pkg-config --cflags --libs libgit2)
 * Usage: libgit2-log REPOSITORY PATH */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>

static void check(int error, const char *what) {
    if (error < 0) {
        const git_error *e = git_error_last();
        fprintf(stderr, "%s: %s\n", what, e ? e->message : "error");
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s REPOSITORY PATH\n", argv[0]); return 2; }
    git_libgit2_init();
    git_repository *repo;
    check(git_repository_open_ext(&repo, argv[1], 0, NULL), "open");
    git_revwalk *walk;
    check(git_revwalk_new(&walk, repo), "revwalk");
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    check(git_revwalk_push_head(walk), "HEAD");
    char *paths[] = { argv[2] };
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.pathspec.strings = paths;
    options.pathspec.count = 1;
    git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
    find.flags = GIT_DIFF_FIND_RENAMES;
    git_oid oid;
    while (git_revwalk_next(&oid, walk) == 0) {
        git_commit *commit;
        check(git_commit_lookup(&commit, repo, &oid), "commit");
        unsigned parents = git_commit_parentcount(commit);
        if (parents > 1) { git_commit_free(commit); continue; }  /* git log shows merges without changes */
        git_tree *tree = NULL, *parentTree = NULL;
        check(git_commit_tree(&tree, commit), "tree");
        if (parents == 1) {
            git_commit *parent;
            check(git_commit_parent(&parent, commit, 0), "parent");
            check(git_commit_tree(&parentTree, parent), "parent tree");
            git_commit_free(parent);
        }
        git_diff *diff;
        check(git_diff_tree_to_tree(&diff, repo, parentTree, tree, &options), "diff");
        size_t count = git_diff_num_deltas(diff);
        if (count > 0) {
            check(git_diff_find_similar(diff, &find), "renames");
            count = git_diff_num_deltas(diff);
            const git_signature *author = git_commit_author(commit);
            printf("\001%lld %s%c\n", (long long)author->when.time, author->name, 0);
            for (size_t i = 0; i < count; i++) {
                const git_diff_delta *delta = git_diff_get_delta(diff, i);
                switch (delta->status) {
                case GIT_DELTA_ADDED: printf("A%c%s%c", 0, delta->new_file.path, 0); break;
                case GIT_DELTA_DELETED: printf("D%c%s%c", 0, delta->old_file.path, 0); break;
                case GIT_DELTA_RENAMED:
                    printf("R%03u%c%s%c%s%c", delta->similarity, 0, delta->old_file.path, 0, delta->new_file.path, 0);
                    break;
                case GIT_DELTA_TYPECHANGE: printf("T%c%s%c", 0, delta->new_file.path, 0); break;
                default: printf("M%c%s%c", 0, delta->new_file.path, 0); break;
                }
            }
        }
        git_diff_free(diff);
        git_tree_free(tree);
        git_tree_free(parentTree);
        git_commit_free(commit);
    }
    git_revwalk_free(walk);
    git_repository_free(repo);
    git_libgit2_shutdown();
    return 0;
}
