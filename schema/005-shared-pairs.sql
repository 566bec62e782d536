-- 005-shared-pairs.sql - the shared model's held-out accuracy on each pair of accounts (written
-- with every refit of the shared model), so that a pair is answered by whichever of its own model
-- and the shared model measured better on that pair's held-out posts.

CREATE TABLE shared_pairs (
    user_a          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_b          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,   -- user_a < user_b
    accuracy_equal  REAL NOT NULL,   -- under prior = equal
    accuracy_posts  REAL NOT NULL,   -- under prior = posts
    PRIMARY KEY (user_a, user_b),
    CHECK (user_a < user_b)
) WITHOUT ROWID;
