-- Burgerstem foundation schema (PostgreSQL). Timestamps are timestamptz, dates are date.

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_platform_admin BOOLEAN NOT NULL DEFAULT FALSE,
    locale TEXT NOT NULL DEFAULT 'nl',
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE zones (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    ack_days BIGINT NOT NULL DEFAULT 14,
    response_days BIGINT NOT NULL DEFAULT 60,
    max_response_days BIGINT NOT NULL DEFAULT 120,
    chain_seq BIGINT NOT NULL DEFAULT 0,
    chain_head TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users(id),
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    role TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, zone_id, role)
);
CREATE INDEX memberships_zone ON memberships(zone_id, role);

CREATE TABLE panels (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (zone_id, slug)
);

CREATE TABLE panel_members (
    panel_id BIGINT NOT NULL REFERENCES panels(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (panel_id, user_id)
);
CREATE INDEX panel_members_user ON panel_members(user_id);

CREATE TABLE invitations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    panel_id BIGINT REFERENCES panels(id),
    invited_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ
);

CREATE TABLE setup_links (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);

CREATE TABLE sessions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE item_counters (
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    year BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (zone_id, year)
);

CREATE TABLE items (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    created_at TIMESTAMPTZ NOT NULL,
    submitted_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX items_zone_status ON items(zone_id, status);
CREATE INDEX items_panel ON items(panel_id);


CREATE TABLE item_cosigns (
    item_id BIGINT NOT NULL REFERENCES items(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (item_id, user_id)
);

CREATE TABLE item_addenda (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX item_addenda_item ON item_addenda(item_id);


-- The evidence: one hash chain per zone.
CREATE TABLE events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    seq BIGINT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
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


-- Personal payload of an event, kept apart so it can be erased without breaking the chain:
-- the chain holds only sha256(salt || payload).
CREATE TABLE event_personal (
    event_id BIGINT PRIMARY KEY REFERENCES events(id),
    salt TEXT NOT NULL,
    payload TEXT NOT NULL
);

CREATE FUNCTION burgerstem_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'burgerstem: % is append-only', TG_TABLE_NAME;
END $$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION burgerstem_refuse();
CREATE TRIGGER item_addenda_no_update BEFORE UPDATE ON item_addenda
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();

-- Citizens' words are never edited once submitted: the database refuses it too.
CREATE FUNCTION burgerstem_items_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.submitted_at IS NOT NULL AND (
        NEW.title IS DISTINCT FROM OLD.title OR NEW.body IS DISTINCT FROM OLD.body
        OR NEW.heard_at IS DISTINCT FROM OLD.heard_at OR NEW.kind IS DISTINCT FROM OLD.kind
        OR NEW.author_id IS DISTINCT FROM OLD.author_id OR NEW.reference IS DISTINCT FROM OLD.reference
        OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at) THEN
        RAISE EXCEPTION 'burgerstem: submitted item text is frozen';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER items_frozen_text BEFORE UPDATE ON items
    FOR EACH ROW EXECUTE FUNCTION burgerstem_items_frozen();
