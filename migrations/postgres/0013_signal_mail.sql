-- Mail to the sender of a signal (PostgreSQL). Someone who left an e-mail address hears once per
-- outcome (adopted, bundled, answered, set aside), with a private follow link and a one-click
-- unsubscribe.

-- Each such mail carries a follow link of its own. Only its hash is kept, like the link given on
-- the thank-you page (signals.token_hash): the clear link lives only in the mail's outbox row,
-- which is emptied once the mail is sent.
CREATE TABLE signal_links (
    token_hash TEXT PRIMARY KEY,
    signal_id BIGINT NOT NULL REFERENCES signals(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX signal_links_signal ON signal_links(signal_id);

-- One-click unsubscribe (RFC 8058) for a sender without an account. The token can only stop
-- mail about its one signal, so it is kept as is (as unsubscribe_tokens are): every mail about
-- the signal carries the same link. `stopped_at`: the sender asked for no more mail.
CREATE TABLE signal_mail (
    signal_id BIGINT PRIMARY KEY REFERENCES signals(id),
    token TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    stopped_at TIMESTAMPTZ
);
