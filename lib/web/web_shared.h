/* web_shared.h - the shared model as the pages use it: kept open (mapped) across FastCGI
 * requests and opened again whenever the batch replaces the file. */
#ifndef TWITOFF_WEB_SHARED_H
#define TWITOFF_WEB_SHARED_H

#include <stddef.h>
#include "shared_model.h"

/* The shared model ($TWITOFF_HOME/models/shared.model), or NULL with the reason in err (no
 * file: "no shared model"). Valid until the next call. */
SharedModel *web_shared_model(char *err, size_t errlen);

#endif
