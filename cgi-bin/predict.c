/* predict.c - POST /predict: the more likely author of a text among two users, why, and the form
 * again; JSON with Accept: application/json. Uses the pair's model file, or asks the batch
 * command to train the pair live (so this program never links the trainer). */
#include "config.h"
#include "db.h"
#include "users.h"
#include "model.h"
#include "web_asked.h"
#include "web_cache.h"
#include "web_form.h"
#include "web_main.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* The answer to show. */
typedef struct {
    const char *a, *b;        /* the two users as stored */
    const char *text;         /* the text asked about */
    const char *winner;       /* the more likely author */
    double prob;              /* its probability, >= 0.5 */
    const Model *model;       /* the precomputed model, or NULL when trained live */
} Answer;

/* The twitoff command: setting twitoff_bin, or ../twitoff next to this program. Caller frees. */
static char *twitoff_bin(void)
{
    const char *set = conf_get("twitoff_bin");
    if (set && *set) return xstrdup(set);
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return xstrdup("twitoff");
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (slash) *slash = '\0';
    Buf b;
    buf_init(&b);
    buf_printf(&b, "%s/../twitoff", self);
    return buf_detach(&b);
}

/* Read the child's answer from fd within the time limit into out. 0 or -1. */
static int read_answer(int fd, Buf *out, int timeout_ms)
{
    struct pollfd p = {fd, POLLIN, 0};
    char chunk[512];
    while (out->len < 4096) {
        int r = poll(&p, 1, timeout_ms);
        if (r <= 0) return -1;
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0;
        buf_add(out, chunk, (size_t)n);
    }
    return 0;
}

/* Run `twitoff -q predict A B` with text on stdin; fills the winner and probability. 0 or -1. */
static int predict_live(const char *a, const char *b, const char *text, char **winner, double *prob)
{
    char *bin = twitoff_bin();
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0) { free(bin); return -1; }
    if (pipe2(out, O_CLOEXEC) != 0) { close(in[0]); close(in[1]); free(bin); return -1; }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    char *argv[] = {bin, "-q", "predict", (char *)a, (char *)b, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, bin, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    if (rc != 0) web_log("cannot run %s: %s", bin, strerror(rc));
    free(bin);
    if (rc != 0) { close(in[1]); close(out[0]); return -1; }
    Buf line, ans;
    buf_init(&line);
    buf_init(&ans);
    for (const char *p = text; *p; p++) buf_putc(&line, *p == '\n' || *p == '\r' ? ' ' : *p);
    buf_putc(&line, '\n');
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    ssize_t w = write(in[1], line.data, line.len);
    close(in[1]);
    int ok = w == (ssize_t)line.len && read_answer(out[0], &ans, 60000) == 0;
    close(out[0]);
    int status = 0;
    if (!ok) kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    signal(SIGPIPE, old);
    char *tab = ans.data ? strchr(ans.data, '\t') : NULL;
    ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0 && tab;
    if (ok) {
        *winner = xstrndup(ans.data, (size_t)(tab - ans.data));
        *prob = strtod(tab + 1, NULL);
    }
    buf_free(&line);
    buf_free(&ans);
    return ok ? 0 : -1;
}

static void answer_json(Response *rs, const Answer *x)
{
    Buf *b = &rs->body;
    rs->type = "application/json";
    buf_puts(b, "{\"screen_name_a\":");
    json_str(b, x->a);
    buf_puts(b, ",\"screen_name_b\":");
    json_str(b, x->b);
    buf_puts(b, ",\"tweet_text\":");
    json_str(b, x->text);
    buf_puts(b, ",\"screen_name_most_likely\":");
    json_str(b, x->winner);
    buf_printf(b, ",\"probability\":%.6f,\"model\":\"%s\"}\n", x->prob, x->model ? "precomputed" : "live");
}

/* 1 when an n-gram says something to a reader (not a lone letter or blank). */
static int telling(const Contribution *c)
{
    if (c->kind == GRAM_WORD) return 1;
    int letters = 0;
    for (const char *p = c->gram; *p; p++)
        if (*p != ' ') letters++;
    return letters >= 2;
}

/* One list of the n-grams that pushed towards handle (the strongest 5 telling ones). */
static void explain_list(Buf *b, const char *handle, const Contribution *all, int nall)
{
    Contribution c[5];
    int n = 0;
    for (int i = 0; i < nall && n < 5; i++)
        if (telling(&all[i])) c[n++] = all[i];
    buf_puts(b, "<div class=\"why\">\n<h3>Towards @");
    html_text(b, handle);
    buf_puts(b, "</h3>\n");
    if (n == 0) buf_puts(b, "<p>Nothing in the text.</p>\n");
    else buf_puts(b, "<ol>\n");
    for (int i = 0; i < n; i++) {
        buf_puts(b, "<li><q>");
        html_text(b, c[i].gram);
        buf_printf(b, "</q> <span class=\"kind\">%s</span> <span class=\"push\">%+.3f</span></li>\n",
                   c[i].kind == GRAM_WORD ? "words" : "characters", c[i].push);
    }
    if (n) buf_puts(b, "</ol>\n");
    buf_puts(b, "</div>\n");
}

static void explain(Buf *b, const Answer *x)
{
    if (!x->model) {
        page_message(b, "info", "There was no usable precomputed model for this pair, so it was "
                                "trained live for this request; no explanation is available.");
        return;
    }
    Contribution *to_a, *to_b;
    int na, nb;
    model_explain(x->model, x->text, 40, &to_a, &na, &to_b, &nb);
    buf_puts(b, "<section class=\"explain\">\n<h2>What pushed the decision</h2>\n<div class=\"whys\">\n");
    explain_list(b, x->model->handle_a, to_a, na);
    explain_list(b, x->model->handle_b, to_b, nb);
    buf_puts(b, "</div>\n");
    if (x->model->accuracy >= 0)
        buf_printf(b, "<p class=\"note\">This pair's model was right on %.0f%% of held-out posts "
                      "(%u and %u posts).</p>\n", 100 * x->model->accuracy, x->model->posts_a,
                   x->model->posts_b);
    buf_puts(b, "</section>\n");
    contributions_free(to_a, na);
    contributions_free(to_b, nb);
}

static void answer_html(Response *rs, const Answer *x)
{
    Buf *b = &rs->body;
    page_begin(b, "Who said it?", ROUTE_FORM);
    buf_puts(b, "<section class=\"result\" aria-live=\"polite\">\n<p class=\"answer\" id=\"answer\">Between '@");
    html_text(b, x->a);
    buf_puts(b, "' and '@");
    html_text(b, x->b);
    buf_puts(b, "', the user who is most likely to say '");
    html_text(b, x->text);
    buf_puts(b, "' is '@");
    html_text(b, x->winner);
    buf_puts(b, "'</p>\n<p class=\"prob\"><label for=\"prob\">Probability</label> <meter id=\"prob\" "
                "min=\"0\" max=\"1\" value=\"");
    buf_printf(b, "%.4f\">%.1f%%</meter> <strong>%.1f%%</strong></p>\n", x->prob, 100 * x->prob,
               100 * x->prob);
    if (!x->model) page_message(b, "info", "The model of this pair was trained live.");
    buf_puts(b, "</section>\n");
    explain(b, x);
    buf_puts(b, "<h2>Try another</h2>\n");
    /* Last: form_render reads the user list through the cache, which may evict the model, so
     * x->model and x->winner (one of its handles) are not used after it; x->a, x->b and x->text
     * are the request's or the store's strings. */
    form_render(b, x->a, x->b, x->text);
    page_end(b);
}

/* Look up both users; on failure answers the error and returns -1. */
static int find_users(const Request *rq, Response *rs, sqlite3 *db, User *ua, User *ub)
{
    const char *na = req_text(rq, "screen_name_a"), *nb = req_text(rq, "screen_name_b");
    char err[256];
    int fa = db_user_find(db, na, ua, err, sizeof err), fb = fa < 0 ? -1 : db_user_find(db, nb, ub, err, sizeof err);
    if (fa < 0 || fb < 0) {
        web_store_unavailable(rq, rs, err);
        return -1;
    }
    if (fa && fb) return 0;
    char msg[200];
    snprintf(msg, sizeof msg, "Unknown user '@%s'.", !fa ? na : nb);
    web_error(rq, rs, 404, msg);
    return -1;
}

/* Answer with a loaded model. */
static void answer_model(const Request *rq, Response *rs, const char *a, const char *b, const Model *m)
{
    Answer x = {a, b, req_text(rq, "tweet_text"), NULL, 0, m};
    double pb = model_prob_b(m, x.text);
    x.winner = pb >= 0.5 ? m->handle_b : m->handle_a;
    x.prob = pb >= 0.5 ? pb : 1 - pb;
    if (rq->json) answer_json(rs, &x);
    else answer_html(rs, &x);
}

/* Score the text with the pair's model (handles as stored), or live; then answer. */
static void score(const Request *rq, Response *rs, const User *ua, const User *ub)
{
    Answer x = {ua->handle, ub->handle, req_text(rq, "tweet_text"), NULL, 0, NULL};
    char err[200], *live_winner = NULL;
    x.model = cache_model(ua->handle, ub->handle, err, sizeof err);
    if (x.model) {
        answer_model(rq, rs, ua->handle, ub->handle, x.model);
        return;
    } else if (predict_live(ua->handle, ub->handle, x.text, &live_winner, &x.prob) == 0) {
        x.winner = live_winner;
    } else {
        web_log("no model for %s vs %s (%s) and live training failed", ua->handle, ub->handle, err);
        web_error(rq, rs, 503, "No model is available for this pair right now; please try again later.");
        return;
    }
    if (rq->json) answer_json(rs, &x);
    else answer_html(rs, &x);
    free(live_winner);
}

static void page(const Request *rq, Response *rs)
{
    char err[256];
    const char *a = req_text(rq, "screen_name_a"), *b = req_text(rq, "screen_name_b");
    if (strcasecmp(a, b) == 0) {
        web_error(rq, rs, 400, "Pick two different users (screen_name_a and screen_name_b are the same).");
        return;
    }
    web_asked_record(a, b);   /* best effort, never blocks: the batch trains asked pairs first */
    /* Fast path: a model file exists for the names as given, so both users are known (the batch
     * writes a pair's model only for stored users and removes it with them). */
    const Model *m = cache_model(a, b, err, sizeof err);
    if (m) {
        answer_model(rq, rs, a, b, m);
        return;
    }
    sqlite3 *db = db_open(DB_RO, err, sizeof err);
    if (!db) {
        web_store_unavailable(rq, rs, err);
        return;
    }
    User ua = {0}, ub = {0};
    if (find_users(rq, rs, db, &ua, &ub) == 0) {
        if (ua.id == ub.id) web_error(rq, rs, 400, "Pick two different users (both names are the same user).");
        else score(rq, rs, &ua, &ub);
    }
    user_clear(&ua);
    user_clear(&ub);
    db_close(db);
}

int main(void)
{
    const Page predict = {.name = "twitoff-predict", .route = ROUTE_PREDICT, .fields = form_fields,
                          .nfields = form_nfields, .handler = page};
    return web_main(&predict);
}
