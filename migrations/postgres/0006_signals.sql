-- Open intake (PostgreSQL): signals brought in by anyone, without an account, or recorded on
-- someone's behalf by a supporter (brugfiguur), and how the zone triaged them.

CREATE TABLE signal_counters (
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    year BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (zone_id, year)
);

CREATE TABLE signals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    reference TEXT NOT NULL UNIQUE,
    -- The sender's words, verbatim.
    body TEXT NOT NULL,
    text_lang TEXT NOT NULL DEFAULT 'nl',
    -- Personal data, only when given: how to reach the sender, the name of the person a
    -- supporter recorded it for.
    contact TEXT,
    person_name TEXT,
    -- bewoner, mantelzorger, hulpverlener, andere; chosen by the sender, never required.
    relation TEXT,
    -- "Gehoord bij": only for signals a supporter recorded.
    heard_at TEXT,
    may_contact BOOLEAN NOT NULL DEFAULT FALSE,
    recorded_by BIGINT REFERENCES users(id),
    -- Only the hash of the private follow link is kept.
    token_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'new',
    item_id BIGINT REFERENCES items(id),
    answer TEXT,
    reason TEXT,
    triaged_by BIGINT REFERENCES users(id),
    triaged_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX signals_zone_status ON signals(zone_id, status, created_at);
CREATE INDEX signals_item ON signals(item_id);

-- The sender's words are never edited, and what the zone told them (an answer, a reason, the
-- item it went into) is never taken back: the database refuses it too. Contact details and the
-- person's name stay changeable so they can be erased.
CREATE FUNCTION burgerstem_signals_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.body IS DISTINCT FROM OLD.body OR NEW.reference IS DISTINCT FROM OLD.reference
        OR NEW.zone_id IS DISTINCT FROM OLD.zone_id OR NEW.token_hash IS DISTINCT FROM OLD.token_hash
        OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.recorded_by IS DISTINCT FROM OLD.recorded_by
        OR (OLD.item_id IS NOT NULL AND NEW.item_id IS DISTINCT FROM OLD.item_id)
        OR (OLD.answer IS NOT NULL AND NEW.answer IS DISTINCT FROM OLD.answer)
        OR (OLD.reason IS NOT NULL AND NEW.reason IS DISTINCT FROM OLD.reason) THEN
        RAISE EXCEPTION 'burgerstem: a signal''s words and answers are frozen';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER signals_frozen BEFORE UPDATE ON signals
    FOR EACH ROW EXECUTE FUNCTION burgerstem_signals_frozen();
CREATE TRIGGER signals_no_delete BEFORE DELETE ON signals
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();
