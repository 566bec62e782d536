/* cmd_check.c - `twitoff check`: is the instance whole? (the check workflow, wf_check.h): one line
 * per problem and a summary on stdout. */
#include "cli.h"
#include "cmd.h"
#include "wf_check.h"

#include <stdio.h>
#include <string.h>

int cmd_check(int argc, char **argv)
{
    CheckOptions o = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--strict") == 0) o.strict = 1;
        else return usage_error("check");
    }
    CheckTotals t = {0};
    int rc = check_run(&o, &t);
    for (int i = 0; i < t.problems; i++) printf("problem: %s\n", t.problem[i]);
    printf("check: %d models, %d list files, %d temporary files, %d problems\n", t.models, t.lists,
           t.temps, t.problems);
    check_free(&t);
    return rc;
}
