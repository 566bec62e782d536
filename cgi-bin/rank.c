/* rank.c - GET /rank: the ranking form; POST /rank: every account of the shared model (or the
 * chosen candidates) ranked by how likely it wrote a text, and why the first; JSON with
 * Accept: application/json. */
#include "handle.h"
#include "shared_model.h"
#include "web_form.h"
#include "web_main.h"
#include "web_shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE "Who among all these accounts wrote it?"
#define SHOWN 10   /* accounts listed on the page (JSON: all) */

static const FieldSpec rank_fields[] = {
    {.name = "tweet_text", .kind = FV_TEXT, .min = 1, .max = TWEET_MAX_CHARS, .label = "The text"},
};

/* The candidate multi-select: every account, the chosen ones selected. */
static void candidates_box(Buf *b, const SharedModel *sm, const unsigned char *keep)
{
    buf_puts(b, "<div class=\"field\">\n<label for=\"candidates\">Among (optional: pick 2 or more; "
                "none picked: everyone)</label>\n<select id=\"candidates\" name=\"candidates\" multiple "
                "size=\"6\">\n");
    for (int i = 0; i < shared_model_count(sm); i++) html_option(b, shared_model_name(sm, i), keep && keep[i]);
    buf_puts(b, "</select>\n</div>\n");
}

static void rank_form(Buf *b, const SharedModel *sm, const char *text, const unsigned char *keep)
{
    buf_puts(b, "<form class=\"compare\" method=\"post\" action=\"");
    route_url(b, ROUTE_RANK, NULL);
    buf_puts(b, "\">\n<div class=\"field\">\n<label for=\"tweet_text\">Text</label>\n"
                "<textarea id=\"tweet_text\" name=\"tweet_text\" rows=\"3\" required maxlength=\"");
    buf_printf(b, "%d\">", TWEET_MAX_CHARS);
    html_text(b, text ? text : "");
    buf_puts(b, "</textarea>\n</div>\n");
    candidates_box(b, sm, keep);
    buf_puts(b, "<button type=\"submit\">Rank them</button>\n</form>\n");
}

/* The shared model, or an error page (503: the batch has not trained one yet). */
static SharedModel *model_or_error(const Request *rq, Response *rs)
{
    char err[200];
    SharedModel *sm = web_shared_model(err, sizeof err);
    if (!sm) {
        web_log("%s", err);
        web_error(rq, rs, 503, "There is no shared model yet: the batch trains it once two accounts have "
                               "enough posts; please try again later.");
    }
    return sm;
}

/* The candidates sent (repeated "candidates" fields) into keep; 0 when none (everyone), the
 * number chosen, or -1 after answering the error (unknown account 404, a single one 400). */
static int read_candidates(const Request *rq, Response *rs, const SharedModel *sm, unsigned char *keep)
{
    int n = 0;
    for (int i = 0; i < rq->nfields; i++) {
        if (strcmp(rq->fields[i].name, "candidates") != 0) continue;
        const char *v = rq->fields[i].value;
        int k = handle_valid(v) ? shared_model_find(sm, v) : -1;
        if (k < 0) {
            char msg[HANDLE_MAX + 80];
            snprintf(msg, sizeof msg, "'@%s' is not an account of the shared model.", handle_valid(v) ? v : "?");
            web_error(rq, rs, 404, msg);
            return -1;
        }
        n += !keep[k];
        keep[k] = 1;
    }
    if (n == 1) web_error(rq, rs, 400, "Pick at least two candidates (candidates), or none for everyone.");
    return n == 1 ? -1 : n;
}

static void ranking_json(Response *rs, const SharedModel *sm, const char *text, const SharedRank *r, int n)
{
    Buf *b = &rs->body;
    rs->type = "application/json";
    buf_puts(b, "{\"tweet_text\":");
    json_str(b, text);
    buf_puts(b, ",\"ranking\":[");
    for (int i = 0; i < n; i++) {
        buf_puts(b, i ? ",{\"screen_name\":" : "{\"screen_name\":");
        json_str(b, shared_model_name(sm, r[i].account));
        buf_printf(b, ",\"probability\":%.6f}", r[i].prob);
    }
    buf_puts(b, "],\"model\":\"shared\"}\n");
}

/* The n-grams that pushed the first account above the second (their pair view). */
static void why_first(Buf *b, SharedModel *sm, const char *text, const SharedRank *r, int n)
{
    Model m;
    char err[200];
    if (n < 2 || shared_model_pair_for(sm, r[1].account, r[0].account, text, &m, err, sizeof err) != 0) return;
    Contribution *to_a, *to_b;
    int na, nb, shown = 0;
    model_explain(&m, text, 8, &to_a, &na, &to_b, &nb);
    buf_puts(b, "<section class=\"explain\">\n<h2>Why @");
    html_text(b, m.handle_b);
    buf_puts(b, " rather than @");
    html_text(b, m.handle_a);
    buf_puts(b, "</h2>\n<ol>\n");
    for (int i = 0; i < nb && shown < 5; i++) {
        if (to_b[i].kind != GRAM_WORD && strlen(to_b[i].gram) < 3) continue;   /* a lone letter says little */
        buf_puts(b, "<li><q>");
        html_text(b, to_b[i].gram);
        buf_printf(b, "</q> <span class=\"push\">%+.3f</span></li>\n", to_b[i].push);
        shown++;
    }
    buf_puts(b, shown ? "</ol>\n" : "</ol>\n<p>Nothing in the text stands out.</p>\n");
    buf_puts(b, "</section>\n");
    contributions_free(to_a, na);
    contributions_free(to_b, nb);
    model_free(&m);
}

static void ranking_html(Response *rs, SharedModel *sm, const char *text, const SharedRank *r, int n,
                         const unsigned char *keep, int chosen)
{
    Buf *b = &rs->body;
    page_begin(b, TITLE, ROUTE_RANK);
    buf_puts(b, "<section class=\"result\" aria-live=\"polite\">\n<p class=\"answer\" id=\"answer\">The most "
                "likely author of '");
    html_text(b, text);
    buf_puts(b, "' is '@");
    html_text(b, shared_model_name(sm, r[0].account));
    buf_printf(b, "'</p>\n<ol class=\"ranking\" id=\"ranking\">\n");
    for (int i = 0; i < n && i < SHOWN; i++) {
        buf_puts(b, "<li><span class=\"who\">@");
        html_text(b, shared_model_name(sm, r[i].account));
        buf_printf(b, "</span> <meter min=\"0\" max=\"1\" value=\"%.4f\">%.1f%%</meter> <strong>%.1f%%</strong></li>\n",
                   r[i].prob, 100 * r[i].prob, 100 * r[i].prob);
    }
    buf_printf(b, "</ol>\n<p class=\"note\" id=\"model\">Answered by the shared model, among %d accounts.</p>\n"
                  "</section>\n", n);
    why_first(b, sm, text, r, n);
    buf_puts(b, "<h2>Try another</h2>\n");
    rank_form(b, sm, text, chosen ? keep : NULL);
    page_end(b);
}

static void rank(const Request *rq, Response *rs, SharedModel *sm)
{
    const char *text = req_text(rq, "tweet_text");
    if (!text) {
        web_error(rq, rs, 400, "The text (tweet_text) is missing.");
        return;
    }
    int count = shared_model_count(sm);
    unsigned char *keep = xcalloc((size_t)count, 1);
    SharedRank *r = xmalloc(sizeof *r * (size_t)count);
    char err[200];
    int chosen = read_candidates(rq, rs, sm, keep), n = -1;
    if (chosen >= 0 && (n = shared_model_rank(sm, text, chosen ? keep : NULL, r, err, sizeof err)) < 0) {
        web_log("%s", err);
        web_error(rq, rs, 503, "The shared model cannot be read right now; please try again later.");
    } else if (n > 0 && rq->json) {
        ranking_json(rs, sm, text, r, n);
    } else if (n > 0) {
        ranking_html(rs, sm, text, r, n, keep, chosen);
    }
    free(keep);
    free(r);
}

static void page(const Request *rq, Response *rs)
{
    SharedModel *sm = model_or_error(rq, rs);
    if (!sm) return;
    if (req_is(rq, "POST")) {
        rank(rq, rs, sm);
        return;
    }
    page_begin(&rs->body, TITLE, ROUTE_RANK);
    buf_puts(&rs->body, "<p class=\"lead\">Type a text: TwitOff ranks every account (or the ones you pick) "
                        "by how likely each is to have written it.</p>\n");
    rank_form(&rs->body, sm, req_text(rq, "tweet_text"), NULL);
    page_end(&rs->body);
}

int main(void)
{
    const Page rankp = {.name = "twitoff-rank", .route = ROUTE_RANK, .fields = rank_fields,
                        .nfields = FIELD_COUNT(rank_fields), .handler = page};
    return web_main(&rankp);
}
