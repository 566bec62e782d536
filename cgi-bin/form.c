/* form.c - GET /: the comparison form; also every path no route matches (its 404 page). */
#include "db.h"
#include "web_form.h"
#include "web_main.h"

static void page(const Request *rq, Response *rs)
{
    if (rq->path[0] && !(rq->path[0] == '/' && rq->path[1] == '\0')) {
        web_error(rq, rs, 404, "There is no such page.");
        return;
    }
    page_begin(&rs->body, "Who said it?", ROUTE_FORM);
    buf_puts(&rs->body, "<p class=\"lead\">Pick two accounts and type a text: TwitOff tells which "
                        "of the two is more likely to have written it.</p>\n");
    form_render(&rs->body, NULL, NULL, NULL);
    page_end(&rs->body);
}

int main(void)
{
    static const Page form = {.name = "twitoff-form", .route = ROUTE_FORM, .handler = page};
    db_single_threaded();
    return web_main(&form);
}
