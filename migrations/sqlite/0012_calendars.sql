-- Calendar feeds (SQLite): a person's secret link to their own feed (meetings and deadlines).
-- Only the link's hash is kept, as for sessions and reset links; a new link revokes the old one.

CREATE TABLE calendar_links (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
-- At most one live link per person; the feed looks links up by hash.
CREATE UNIQUE INDEX calendar_links_live ON calendar_links(user_id) WHERE revoked_at IS NULL;
