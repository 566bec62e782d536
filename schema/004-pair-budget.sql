-- 004-pair-budget.sql - the pairs people asked for (folded in from queue/asked by the batch) and
-- what the last training run left over because of its budget (train_budget, max_pair_models).

CREATE TABLE asked (
    user_a     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_b     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,   -- a's handle sorts first
    times      INTEGER NOT NULL DEFAULT 0,       -- requests counted
    last_asked INTEGER NOT NULL,                 -- unix seconds of the latest request
    PRIMARY KEY (user_a, user_b)
);

CREATE TABLE train_budget (
    id        INTEGER PRIMARY KEY CHECK (id = 1),   -- one row
    left_over INTEGER NOT NULL,                     -- stale pairs the last run did not train
    reason    TEXT,                                 -- "time" | "max_pair_models" | NULL (none left)
    at        INTEGER NOT NULL
);
