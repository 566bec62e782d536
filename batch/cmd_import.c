/* cmd_import.c - `twitoff import`: import posts from files, each file in one transaction (the
 * import workflow, wf_import.h). */
#include "cli.h"
#include "cmd.h"
#include "wf_import.h"

#include <string.h>

/* Options: --user NAME, -q/--quiet, -v/--verbose; *first gets the index of the first file. */
static int parse_args(int argc, char **argv, const char **user, int *first)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if (!strcmp(argv[i], "--user") && i + 1 < argc) *user = argv[++i];
        else if (!strncmp(argv[i], "--user=", 7)) *user = argv[i] + 7;
        else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) cli_output.quiet = 1;
        else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) cli_output.verbose = 1;
        else return -1;
    }
    *first = i;
    return i < argc ? 0 : -1;
}

int cmd_import(int argc, char **argv)
{
    ImportOptions o = {0};
    int first;
    if (parse_args(argc, argv, &o.user, &first) != 0) return usage_error("import");
    o.all_bad_rows = cli_output.verbose;
    Batch b = cli_batch();
    ImportTotals t = {0};
    char err[1024] = "";
    return cli_outcome(import_files(&b, &o, argv + first, argc - first, &t, err, sizeof err), err);
}
