-- Burgerstem foundation schema (SQLite). Timestamps are RFC 3339 text in UTC, dates are YYYY-MM-DD.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_platform_admin BOOLEAN NOT NULL DEFAULT FALSE,
    locale TEXT NOT NULL DEFAULT 'nl',
    created_at TEXT NOT NULL
);

CREATE TABLE zones (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    ack_days BIGINT NOT NULL DEFAULT 14,
    response_days BIGINT NOT NULL DEFAULT 60,
    max_response_days BIGINT NOT NULL DEFAULT 120,
    chain_seq BIGINT NOT NULL DEFAULT 0,
    chain_head TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    created_at TEXT NOT NULL
);

CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users(id),
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, zone_id, role)
);
CREATE INDEX memberships_zone ON memberships(zone_id, role);

CREATE TABLE panels (
    id INTEGER PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (zone_id, slug)
);

CREATE TABLE panel_members (
    panel_id BIGINT NOT NULL REFERENCES panels(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (panel_id, user_id)
);
CREATE INDEX panel_members_user ON panel_members(user_id);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    panel_id BIGINT REFERENCES panels(id),
    invited_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT
);

CREATE TABLE setup_links (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE item_counters (
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    year BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (zone_id, year)
);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    panel_id BIGINT NOT NULL REFERENCES panels(id),
    reference TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    heard_at TEXT,
    status TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    is_public BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    submitted_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX items_zone_status ON items(zone_id, status);
CREATE INDEX items_panel ON items(panel_id);

-- Citizens' words are never edited once submitted: the database refuses it too.
CREATE TRIGGER items_frozen_text BEFORE UPDATE ON items
WHEN OLD.submitted_at IS NOT NULL AND (
    NEW.title IS NOT OLD.title OR NEW.body IS NOT OLD.body OR NEW.heard_at IS NOT OLD.heard_at
    OR NEW.kind IS NOT OLD.kind OR NEW.author_id IS NOT OLD.author_id OR NEW.reference IS NOT OLD.reference
    OR NEW.submitted_at IS NOT OLD.submitted_at)
BEGIN
    SELECT RAISE(ABORT, 'burgerstem: submitted item text is frozen');
END;

CREATE TABLE item_cosigns (
    item_id BIGINT NOT NULL REFERENCES items(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (item_id, user_id)
);

CREATE TABLE item_addenda (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX item_addenda_item ON item_addenda(item_id);

CREATE TRIGGER item_addenda_no_update BEFORE UPDATE ON item_addenda
BEGIN SELECT RAISE(ABORT, 'burgerstem: addenda are never edited'); END;

-- The evidence: one hash chain per zone.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor_id BIGINT,
    data TEXT NOT NULL,
    commitment TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (zone_id, seq)
);
CREATE INDEX events_subject ON events(subject_type, subject_id, seq);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'burgerstem: events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'burgerstem: events are append-only'); END;

-- Personal payload of an event, kept apart so it can be erased without breaking the chain:
-- the chain holds only sha256(salt || payload).
CREATE TABLE event_personal (
    event_id BIGINT PRIMARY KEY REFERENCES events(id),
    salt TEXT NOT NULL,
    payload TEXT NOT NULL
);
