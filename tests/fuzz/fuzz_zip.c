/* fuzz_zip.c - libFuzzer harness for the archive reader (import_zip.c, import_container.c): the
 * input as a ZIP in memory under small bounds; every entry listed and read (never more than the
 * bounds allow), the layout planned, and its account, note tweets and posts files parsed as
 * `twitoff import` does, rows checked by fuzz_row. */
#include "fuzz_rows.h"
#include "import_container.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const ContainerLimits LIM = {
    .total = 8u << 20, .entry = 2u << 20, .entries = 256, .ratio = 100, .ratio_floor = 64u << 10,
};

/* Read entry i: within the bounds, NUL-terminated, or an error naming something. */
static char *read_entry(Container *c, size_t i, size_t *len, uint64_t *total)
{
    char *out, err[300] = "";
    if (container_read(c, i, &out, len, err, sizeof err) != 0) {
        if (out || !err[0]) abort();
        return NULL;
    }
    if (*len > LIM.entry || out[*len] != '\0') abort();
    *total += *len;
    if (*total > LIM.total) abort();
    return out;
}

/* The plan's files, parsed as the workflow parses them. */
static void parse_plan(Container *c, const ContainerPlan *p, uint64_t *total)
{
    size_t len;
    char *d, *user = NULL, *id = NULL;
    ImportError ie = {0};
    if (p->account >= 0 && (d = read_entry(c, (size_t)p->account, &len, total))) {
        if (container_account(d, len, &user, &id, &ie) == 0 && !user) abort();
        free(d);
    }
    NoteSet *notes = NULL;
    for (size_t i = 0; i < p->nnotes; i++)
        if ((d = read_entry(c, p->notes[i], &len, total))) {
            (void)notes_load(&notes, d, len, &ie);
            free(d);
        }
    ImportSink rows = {fuzz_row, NULL, user != NULL};
    ArchiveRows a = {.next = &rows, .notes = notes, .account_id = id};
    ImportSink sink = {archive_rows, &a, user != NULL};
    for (size_t i = 0; i < p->nposts; i++)
        if ((d = read_entry(c, p->posts[i], &len, total))) {
            const char *name = container_name(c, p->posts[i]);
            (void)import_parse(import_detect(name, d, len), d, len, &sink, &ie);
            free(d);
        }
    notes_free(notes);
    free(user);
    free(id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[300] = "";
    (void)container_is_zip((const char *)data, size);
    Container *c = container_open_zip_mem(data, size, &LIM, err, sizeof err);
    if (!c) {
        if (!err[0]) abort();
        return 0;
    }
    if (container_count(c) > LIM.entries) abort();
    for (size_t i = 0; i < container_count(c); i++) {
        const char *name = container_name(c, i);
        for (const char *p = name; *p; p++)
            if ((unsigned char)*p < ' ') abort();
    }
    ContainerPlan p;
    uint64_t total = 0;
    if (container_plan(c, &p, err, sizeof err) == 0) {
        if (p.nposts == 0) abort();
        parse_plan(c, &p, &total);
    } else if (!err[0]) {
        abort();
    }
    container_plan_free(&p);
    for (size_t i = 0; i < container_count(c); i++) {
        size_t len;
        free(read_entry(c, i, &len, &total));
    }
    container_close(c);
    return 0;
}
