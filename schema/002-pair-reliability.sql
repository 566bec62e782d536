-- 002-pair-reliability.sql - each trained pair's calibrated answers on its held-out posts, binned
-- by the winner's probability: what the reliability diagram of `twitoff lists` is drawn from.
CREATE TABLE pair_reliability (
    user_a   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_b   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    bin      INTEGER NOT NULL,   -- 0..9: the winner's probability 0.50-0.55, ..., 0.95-1
    posts    INTEGER NOT NULL,   -- held-out posts answered in the bin
    weight   REAL NOT NULL,      -- their weight, both users of the pair weighing equally (1 a pair)
    conf     REAL NOT NULL,      -- weighted sum of the winner's probability
    hits     REAL NOT NULL,      -- weight of the right answers
    sq_err   REAL NOT NULL,      -- weighted sum of (probability - right)^2
    PRIMARY KEY (user_a, user_b, bin)
);
