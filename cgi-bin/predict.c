/* predict.c - POST /predict: the more likely author of a text among two users, why, and the form
 * again; JSON with Accept: application/json. Answers with the pair's model when it is fresh and
 * the shared model did not measure better on the pair, else with the pair's view of the shared
 * model; it never trains. A pair with no model file of its own is answered from the shared model
 * file alone, without opening the store, when the file holds what the store would add. */
#include "config.h"
#include "db.h"
#include "lookup.h"
#include "users.h"
#include "model.h"
#include "verdict.h"
#include "web_asked.h"
#include "pairs.h"
#include "pair.h"
#include "shared_model.h"
#include "shared_pairs.h"
#include "web_cache.h"
#include "web_explain.h"
#include "web_shared.h"
#include "web_form.h"
#include "web_main.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The answer to show. */
typedef struct {
    const char *a, *b;        /* the two users as stored */
    const char *text;         /* the text asked about */
    const char *winner;       /* the more likely author */
    double prob;              /* its calibrated probability, >= 0.5 */
    const Model *model;       /* the model that answered (the pair's, or the shared model's view) */
    int shared;               /* 1 when the shared model answered */
    int kind;                 /* VERDICT_DECIDED (0), _TOO_CLOSE or _TOO_SHORT */
    double shared_acc;        /* the shared model's held-out accuracy on this pair, or -1 */
    double own_acc;           /* the pair's own fresh model's, when the shared one beat it; else -1 */
} Answer;

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
    buf_printf(b, ",\"probability\":%.6f,\"decided\":%s", x->prob, x->kind == VERDICT_DECIDED ? "true" : "false");
    if (verdict_reason(x->kind)) buf_printf(b, ",\"reason\":\"%s\"", verdict_reason(x->kind));
    if (x->model && x->model->posts_a && x->model->posts_b) {
        buf_puts(b, ",\"learnt_from\":{");
        json_str(b, x->model->handle_a);
        buf_printf(b, ":%u,", x->model->posts_a);
        json_str(b, x->model->handle_b);
        buf_printf(b, ":%u}", x->model->posts_b);
    }
    buf_printf(b, ",\"model\":\"%s\"", x->shared ? "shared" : "pair");
    explain_json(b, x->model, x->text, x->b);
    buf_puts(b, "}\n");
}

static void explain(Buf *b, const Answer *x)
{
    buf_puts(b, "<section class=\"explain\" aria-labelledby=\"why-h\">\n"
                "<h2 id=\"why-h\">What pushed the decision</h2>\n");
    explain_html(b, x->model, x->text, x->a, x->b);
    if (x->shared && x->shared_acc >= 0)
        buf_printf(b, "<p class=\"note\">The shared model was right on %.1f%% of this pair's held-out "
                      "posts (%u and %u posts).</p>\n", 100 * x->shared_acc, x->model->posts_a,
                   x->model->posts_b);
    else if (x->model->accuracy >= 0 && x->shared)
        buf_printf(b, "<p class=\"note\">The shared model was right on %.0f%% of held-out posts, on "
                      "average over its pairs of accounts (%u and %u posts here).</p>\n",
                   100 * x->model->accuracy, x->model->posts_a, x->model->posts_b);
    else if (x->model->accuracy >= 0)
        buf_printf(b, "<p class=\"note\">This pair's model was right on %.0f%% of held-out posts "
                      "(%u and %u posts).</p>\n", 100 * x->model->accuracy, x->model->posts_a,
                   x->model->posts_b);
    buf_puts(b, "</section>\n");
}

/* n with a comma between thousands ("2,856"). */
static void thousands(Buf *b, unsigned n)
{
    if (n >= 1000) {
        thousands(b, n / 1000);
        buf_printf(b, ",%03u", n % 1000);
    } else {
        buf_printf(b, "%u", n);
    }
}

/* The probability meter of the winner. */
static void prob_meter(Buf *b, double prob)
{
    buf_puts(b, "<p class=\"prob\"><label for=\"prob\">Probability</label> <meter id=\"prob\" "
                "min=\"0\" max=\"1\" value=\"");
    buf_printf(b, "%.4f\">%.1f%%</meter> <strong>%.1f%%</strong></p>\n", prob, 100 * prob, 100 * prob);
}

/* The answer sentence: decided, too close to call (leaning one way) or too short to tell. */
static void verdict_html(Buf *b, const Answer *x)
{
    buf_puts(b, "<p class=\"answer\" id=\"answer\">");
    if (x->kind == VERDICT_TOO_SHORT) {
        buf_puts(b, "'");
        html_text(b, x->text);
        buf_puts(b, "' is too short to tell whether '@");
        html_text(b, x->a);
        buf_puts(b, "' or '@");
        html_text(b, x->b);
        buf_puts(b, "' said it: there is too little in it to go on.</p>\n");
        return;
    }
    buf_puts(b, "Between '@");
    html_text(b, x->a);
    buf_puts(b, "' and '@");
    html_text(b, x->b);
    if (x->kind == VERDICT_TOO_CLOSE) {
        buf_puts(b, "', neither is clearly more likely to say '");
        html_text(b, x->text);
        buf_puts(b, "': too close to call. It leans towards '@");
    } else {
        buf_puts(b, "', the user who is most likely to say '");
        html_text(b, x->text);
        buf_puts(b, "' is '@");
    }
    html_text(b, x->winner);
    buf_puts(b, "'</p>\n");
    prob_meter(b, x->prob);
}

/* What the pair's model learnt from, and where to read how honest its probabilities are. */
static void learnt_from(Buf *b, const Model *m)
{
    buf_puts(b, "<p class=\"note\">");
    if (m && m->posts_a && m->posts_b) {
        buf_puts(b, "The model learnt from ");
        thousands(b, m->posts_a);
        buf_puts(b, " posts of @");
        html_text(b, m->handle_a);
        buf_puts(b, " and ");
        thousands(b, m->posts_b);
        buf_puts(b, " of @");
        html_text(b, m->handle_b);
        buf_puts(b, ". ");
    }
    buf_puts(b, "<a href=\"");
    route_url(b, ROUTE_USERS, NULL);
    buf_puts(b, "#reliability\">How good are these answers?</a></p>\n");
}

static void answer_html(Response *rs, const Answer *x)
{
    Buf *b = &rs->body;
    page_begin(b, "Who said it?", ROUTE_FORM);
    buf_puts(b, "<section class=\"result\" aria-live=\"polite\">\n");
    verdict_html(b, x);
    learnt_from(b, x->model);
    if (x->shared && x->own_acc >= 0)
        buf_printf(b, "<p class=\"note\" id=\"model\">Answered by the shared model over all accounts: on this "
                      "pair's held-out posts it was right more often than the pair's own model (%.1f%% against "
                      "%.1f%%).</p>\n", 100 * x->shared_acc, 100 * x->own_acc);
    else
        buf_puts(b, x->shared ? "<p class=\"note\" id=\"model\">Answered by the shared model over all accounts "
                                "(this pair has no fresh model of its own).</p>\n"
                              : "<p class=\"note\" id=\"model\">Answered by this pair's own model.</p>\n");
    buf_puts(b, "<p class=\"note\"><a href=\"");
    route_url_query(b, ROUTE_RANK, NULL, "tweet_text", x->text);
    buf_puts(b, "\">Compare with everyone</a>: who among all the accounts wrote it?</p>\n");
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
    int fa = db_user_lookup(db, na, ua, err, sizeof err), fb = fa < 0 ? -1 : db_user_lookup(db, nb, ub, err, sizeof err);
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

/* Which model answers a pair, and the held-out accuracies that chose it (-1: unknown). */
typedef struct {
    const Model *own;     /* the pair's fresh model, or NULL */
    double own_acc;       /* its held-out accuracy */
    double shared_acc;    /* the shared model's on this pair */
} Choice;

/* Answer with a model (the pair's, or the shared model's view of the pair); fv: the text's
 * features when already extracted, else NULL. */
static void answer_model(const Request *rq, Response *rs, const char *a, const char *b, const Model *m, int shared,
                         const Choice *c, const FeatVec *fv)
{
    Answer x = {a, b, req_text(rq, "tweet_text"), NULL, 0, m, shared, VERDICT_DECIDED, c->shared_acc,
                shared && c->own ? c->own_acc : -1};
    Verdict v;
    if (fv) verdict_judge_vec(m, x.text, fv, verdict_min_confidence(), &v);
    else verdict_judge(m, x.text, verdict_min_confidence(), &v);
    x.winner = v.b_wins ? m->handle_b : m->handle_a;
    x.prob = v.prob;
    x.kind = v.kind;
    if (rq->json) answer_json(rs, &x);
    else answer_html(rs, &x);
}

/* The pair's model when its file loads and the store's pair row matches it, else NULL. */
static const Model *fresh_pair_model(sqlite3 *db, const User *ua, const User *ub, char *err, size_t errlen)
{
    const Model *m = cache_model(ua->handle, ub->handle, err, errlen);
    if (!m) return NULL;
    const User *x = pair_ordered(ua->handle, ub->handle) ? ua : ub, *y = x == ua ? ub : ua;
    int cur = db_pair_current(db, x->id, y->id, m->posts_a, m->posts_b, m->trained_at, err, errlen);
    if (cur == 0) err_set(err, errlen, "the pair's model is older than its posts");
    return cur == 1 ? m : NULL;
}

/* Answer from the shared model; 0, or -1 when it cannot answer (reason in err). */
static int answer_shared(const Request *rq, Response *rs, const User *ua, const User *ub, const Choice *c,
                         char *err, size_t errlen)
{
    SharedModel *sm = web_shared_model(err, errlen);
    if (!sm) return -1;
    int ia = shared_model_find(sm, ua->handle), ib = shared_model_find(sm, ub->handle);
    if (ia < 0 || ib < 0)
        return err_set(err, errlen, "@%s is not in the shared model", ia < 0 ? ua->handle : ub->handle);
    FeatVec x;   /* extracted once: for the pair's view of the shared model and for the verdict */
    featvec_init(&x);
    features_extract(req_text(rq, "tweet_text"), &x);
    Model m;
    int rc = shared_model_pair_vec(sm, ia, ib, &x, &m, err, errlen);
    if (rc == 0) answer_model(rq, rs, ua->handle, ub->handle, &m, 1, c, &x);
    if (rc == 0) model_free(&m);
    featvec_free(&x);
    return rc;
}

/* The pair's own model when fresh and the shared model did not measure better on the pair's
 * held-out posts, else the shared model; else 503 (the batch has not trained either yet). */
static void score(const Request *rq, Response *rs, sqlite3 *db, const User *ua, const User *ub)
{
    char err[200], serr[200];
    Choice c = {fresh_pair_model(db, ua, ub, err, sizeof err), -1, -1};
    c.shared_acc = db_shared_pair_accuracy(db, ua->id, ub->id, shared_prior_setting(), serr, sizeof serr);
    if (c.shared_acc < -1) web_log("shared model accuracy of %s vs %s: %s", ua->handle, ub->handle, serr);
    if (c.own) c.own_acc = c.own->accuracy;
    if (c.own && !shared_answers_better(c.shared_acc, c.own_acc)) {
        answer_model(rq, rs, ua->handle, ub->handle, c.own, 0, &c, NULL);
        return;
    }
    if (answer_shared(rq, rs, ua, ub, &c, serr, sizeof serr) == 0) return;
    if (c.own) {   /* the shared model measured better but cannot answer now */
        answer_model(rq, rs, ua->handle, ub->handle, c.own, 0, &c, NULL);
        return;
    }
    web_log("no model for %s vs %s (pair: %s; shared: %s)", ua->handle, ub->handle, err, serr);
    web_error(rq, rs, 503, "No model can answer for this pair yet: the batch trains it soon; please try "
                           "again later.");
}

/* The store, read-only, kept open across FastCGI requests while the database file stays the
 * same file (a reset replaces it); each query still sees the latest commit. NULL with err. */
static sqlite3 *store(char *err, size_t errlen)
{
    static sqlite3 *db;
    static struct stat open_st;
    char *path = db_path();
    struct stat st;
    int found = stat(path, &st) == 0;
    free(path);
    if (found && db && st.st_dev == open_st.st_dev && st.st_ino == open_st.st_ino) return db;
    db_lookup_close(db);
    db = found ? db_open(DB_RO, err, errlen) : NULL;
    if (db) open_st = st;
    else if (!found) err_set(err, errlen, "no database");
    return db;
}

/* 1 when the pair {a, b} has a model file of its own (fresh or not: the store decides). */
static int has_pair_file(const char *a, const char *b)
{
    char *path = pair_model_path(a, b);
    struct stat st;
    int found = stat(path, &st) == 0;
    free(path);
    return found;
}

/* Answer from the shared model file alone, without opening the store, when that gives the
 * store's answer: the file names both users, the pair has no model file of its own (so the
 * shared model answers), and the file holds the pair's held-out accuracy (the store's other
 * contribution). 0 when answered, -1 to take the store's way. */
static int shared_alone(const Request *rq, Response *rs, const char *a, const char *b)
{
    char err[200];
    SharedModel *sm = web_shared_model(err, sizeof err);
    if (!sm) return -1;
    int ia = shared_model_find(sm, a), ib = shared_model_find(sm, b);
    if (ia < 0 || ib < 0 || ia == ib) return -1;
    double acc = shared_model_pair_accuracy(sm, ia, ib, shared_model_prior(sm));
    if (acc < 0 || has_pair_file(shared_model_name(sm, ia), shared_model_name(sm, ib))) return -1;
    /* copies: answering opens the shared model again, which replaces sm if the batch did */
    User ua = {.handle = xstrdup(shared_model_name(sm, ia))}, ub = {.handle = xstrdup(shared_model_name(sm, ib))};
    Choice c = {NULL, -1, acc};
    int rc = answer_shared(rq, rs, &ua, &ub, &c, err, sizeof err);
    user_clear(&ua);
    user_clear(&ub);
    return rc;
}

/* The store cannot be opened: the pair's model file as it is (its freshness cannot be checked),
 * else the shared model (it names its own accounts), else 503. */
static void without_store(const Request *rq, Response *rs, const char *a, const char *b, const char *why)
{
    char err[200];
    Choice c = {cache_model(a, b, err, sizeof err), -1, -1};
    if (c.own) {
        answer_model(rq, rs, a, b, c.own, 0, &c, NULL);
        return;
    }
    User ua = {.handle = (char *)a}, ub = {.handle = (char *)b};
    if (answer_shared(rq, rs, &ua, &ub, &c, err, sizeof err) != 0) web_store_unavailable(rq, rs, why);
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
    if (shared_alone(rq, rs, a, b) == 0) return;
    sqlite3 *db = store(err, sizeof err);
    if (!db) {
        without_store(rq, rs, a, b, err);
        return;
    }
    User ua = {0}, ub = {0};
    if (find_users(rq, rs, db, &ua, &ub) == 0) {
        if (ua.id == ub.id) web_error(rq, rs, 400, "Pick two different users (both names are the same user).");
        else score(rq, rs, db, &ua, &ub);
    }
    user_clear(&ua);
    user_clear(&ub);
}

int main(void)
{
    const Page predict = {.name = "twitoff-predict", .route = ROUTE_PREDICT, .fields = form_fields,
                          .nfields = form_nfields, .handler = page};
    db_single_threaded();
    return web_main(&predict);
}
