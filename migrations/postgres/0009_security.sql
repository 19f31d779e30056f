-- Sign-in for everyone, and what an outside probe found (PostgreSQL).

-- Reset links and sign-in links are one kind of thing: a one-time link mailed to the account.
-- Using one voids every other open link of that account.
ALTER TABLE password_resets ADD COLUMN purpose TEXT NOT NULL DEFAULT 'reset';

-- Throttles counted in the database, so that several instances count together. `key_hash` is a
-- SHA-256 of the key ("login-address:an@example.be", "signal-client:10.0.0.1"): no address or
-- e-mail is kept here in the clear.
CREATE TABLE throttles (
    key_hash TEXT PRIMARY KEY,
    -- Failures in a row (logins, second-factor codes); reset by a success.
    failures BIGINT NOT NULL DEFAULT 0,
    -- No attempt is taken before this moment (a growing delay after failures).
    blocked_until TIMESTAMPTZ,
    -- The theoretical arrival time of the generic cell rate algorithm (signals).
    tat TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX throttles_updated ON throttles(updated_at);

-- A second factor (TOTP, RFC 6238) with one-time recovery codes.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMPTZ;
-- The last 30-second step a code was accepted for: a code is never accepted twice.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
-- Whether this person chose to be named on public items (otherwise the world sees a role).
ALTER TABLE users ADD COLUMN public_name BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE recovery_codes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- What happened to an account's ways in: second factor enrolled or reset (and by whom), sessions
-- ended, sign-in links used. Shown on the account's page.
CREATE TABLE account_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    at TIMESTAMPTZ NOT NULL,
    kind TEXT NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX account_events_user ON account_events(user_id, at);

-- Sessions say where they came from, so that a person can tell "this phone" from another.
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
