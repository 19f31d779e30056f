-- Notifications: the in-app inbox and the mail outbox in one table, written in the same
-- transaction as the event that causes them (transactional outbox) (PostgreSQL).

CREATE TABLE notifications (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The person it is for; NULL for mail to an address without an account (an invitation).
    user_id BIGINT REFERENCES users(id),
    email TEXT,
    zone_id BIGINT REFERENCES zones(id),
    event_seq BIGINT,
    subject_type TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    kind_group TEXT NOT NULL,
    -- Facts for the message (dates, outcome); never people's words.
    detail TEXT NOT NULL DEFAULT '{}',
    -- A link that carries a secret (invitation, password reset); emptied once sent or given up.
    secret_link TEXT,
    in_inbox BOOLEAN NOT NULL DEFAULT TRUE,
    -- pending | sending | sent | failed | skipped | digest | digested
    email_status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    claim_token TEXT,
    claimed_at TIMESTAMPTZ,
    last_error TEXT,
    sent_at TIMESTAMPTZ,
    read_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX notifications_inbox ON notifications(user_id, in_inbox, read_at);
CREATE INDEX notifications_outbox ON notifications(email_status, next_attempt_at);
CREATE INDEX notifications_claim ON notifications(claim_token);
CREATE INDEX notifications_zone ON notifications(zone_id, email_status);

-- Per person and kind group: immediate | digest | inbox.
CREATE TABLE notification_preferences (
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind_group TEXT NOT NULL,
    mode TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, kind_group)
);

-- One-click unsubscribe (RFC 8058): a random token per person and kind group. It can only
-- switch off that one kind of mail, so it is kept as is: every mail can carry the same link.
CREATE TABLE unsubscribe_tokens (
    token TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind_group TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, kind_group)
);

-- Daily digests sent: one per person per day.
CREATE TABLE digests_sent (
    user_id BIGINT NOT NULL REFERENCES users(id),
    day DATE NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- Password reset links: random, single use, short-lived, stored hashed.
CREATE TABLE password_resets (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);
