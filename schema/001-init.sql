-- 001-init.sql - the first schema: users, their posts, pair models, the job queue and batch runs.
-- Every schema/NNN-*.sql file is one migration step; the database's PRAGMA user_version is the
-- number of the last step applied. Steps run in order, each in its own transaction.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL DEFAULT 'import',   -- import | x | bluesky | mastodon
    handle         TEXT NOT NULL,                    -- screen name as shown (@handle)
    display_name   TEXT,                             -- the account's own name, when known
    remote_id      TEXT,                             -- the source's id for the account
    newest_post_id TEXT,                             -- newest remote post id stored (for since_id)
    revision       INTEGER NOT NULL DEFAULT 0,       -- bumped whenever the user's posts change
    fetched_at     INTEGER,                          -- last successful fetch (unix seconds)
    updated_at     INTEGER NOT NULL DEFAULT (strftime('%s','now')),
    UNIQUE (source, handle)
);
CREATE INDEX users_handle ON users(handle COLLATE NOCASE);

CREATE TABLE posts (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    remote_id  TEXT NOT NULL,                        -- the source's id for the post
    created_at INTEGER,                              -- unix seconds, NULL when unknown
    text       TEXT NOT NULL,                        -- cleaned, valid UTF-8
    UNIQUE (user_id, remote_id)
);
CREATE INDEX posts_user_created ON posts(user_id, created_at DESC);

-- Any change to a user's posts makes every pair of that user stale.
CREATE TRIGGER posts_insert_rev AFTER INSERT ON posts
BEGIN UPDATE users SET revision = revision + 1, updated_at = strftime('%s','now') WHERE id = NEW.user_id; END;
CREATE TRIGGER posts_delete_rev AFTER DELETE ON posts
BEGIN UPDATE users SET revision = revision + 1, updated_at = strftime('%s','now') WHERE id = OLD.user_id; END;

CREATE TABLE pairs (
    user_a          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_b          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    posts_a         INTEGER NOT NULL,               -- posts of each user the model learnt from
    posts_b         INTEGER NOT NULL,
    fingerprint     TEXT NOT NULL,                  -- revisions + feature version the model was trained on
    accuracy        REAL,                           -- held-out accuracy estimate, 0..1
    n_features      INTEGER,                        -- non-zero weights in the model file
    model_file      TEXT NOT NULL,                  -- file name under $TWITOFF_HOME/models
    trained_at      INTEGER NOT NULL,
    train_seconds   REAL,
    PRIMARY KEY (user_a, user_b)
);

CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,                      -- fetch | seed | retrain | delete | reset
    arg         TEXT,                               -- the handle, when the job has one
    source      TEXT,                               -- x | bluesky | mastodon, for fetch
    status      TEXT NOT NULL DEFAULT 'queued',     -- queued | running | done | failed
    message     TEXT,
    created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now')),
    started_at  INTEGER,
    finished_at INTEGER
);
CREATE INDEX jobs_status ON jobs(status, id);

CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    command       TEXT NOT NULL,                    -- nightly | work | train | fetch | import ...
    started_at    INTEGER NOT NULL DEFAULT (strftime('%s','now')),
    finished_at   INTEGER,
    status        TEXT NOT NULL DEFAULT 'running',  -- running | ok | failed
    users_fetched INTEGER NOT NULL DEFAULT 0,
    posts_added   INTEGER NOT NULL DEFAULT 0,
    pairs_trained INTEGER NOT NULL DEFAULT 0,
    errors        INTEGER NOT NULL DEFAULT 0,
    message       TEXT
);
