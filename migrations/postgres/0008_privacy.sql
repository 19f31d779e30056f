-- People's own data (PostgreSQL): one-time download links, erasure on request, retention.
-- The only change the append-only text tables accept is the erasure marker, so an erasure is
-- the one sanctioned edit and anything else is still refused by the database.

ALTER TABLE users ADD COLUMN erased_at TIMESTAMPTZ;
ALTER TABLE zones ADD COLUMN retention_days BIGINT;
ALTER TABLE items ADD COLUMN personal_removed_at TIMESTAMPTZ;
CREATE INDEX items_retention ON items(zone_id, status, closed_at);

CREATE TABLE data_exports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);
CREATE INDEX data_exports_user ON data_exports(user_id);

-- An update may only put the erasure marker in `body`; every other column stays as it was.
CREATE FUNCTION burgerstem_refuse_but_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.body = 'verwijderd op verzoek'
        AND (to_jsonb(NEW) - 'body') = (to_jsonb(OLD) - 'body') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'burgerstem: % is append-only', TG_TABLE_NAME;
END $$;

CREATE OR REPLACE FUNCTION burgerstem_items_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.submitted_at IS NOT NULL AND (
        (NEW.title IS DISTINCT FROM OLD.title AND NEW.title IS DISTINCT FROM 'verwijderd op verzoek')
        OR (NEW.body IS DISTINCT FROM OLD.body AND NEW.body IS DISTINCT FROM 'verwijderd op verzoek')
        OR (NEW.heard_at IS DISTINCT FROM OLD.heard_at AND NEW.heard_at IS NOT NULL)
        OR NEW.kind IS DISTINCT FROM OLD.kind
        OR NEW.author_id IS DISTINCT FROM OLD.author_id OR NEW.reference IS DISTINCT FROM OLD.reference
        OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at) THEN
        RAISE EXCEPTION 'burgerstem: submitted item text is frozen';
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER item_addenda_no_update ON item_addenda;
CREATE TRIGGER item_addenda_no_update BEFORE UPDATE ON item_addenda
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse_but_erasure();
DROP TRIGGER item_notes_kept ON item_notes;
CREATE TRIGGER item_notes_kept BEFORE UPDATE OR DELETE ON item_notes
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse_but_erasure();
DROP TRIGGER minutes_responses_kept ON minutes_responses;
CREATE TRIGGER minutes_responses_kept BEFORE UPDATE OR DELETE ON minutes_responses
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse_but_erasure();
DROP TRIGGER advice_versions_kept ON advice_versions;
CREATE TRIGGER advice_versions_kept BEFORE UPDATE OR DELETE ON advice_versions
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse_but_erasure();
DROP TRIGGER advice_notes_kept ON advice_notes;
CREATE TRIGGER advice_notes_kept BEFORE UPDATE OR DELETE ON advice_notes
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse_but_erasure();
DROP TRIGGER consultation_reactions_kept ON consultation_reactions;
CREATE TRIGGER consultation_reactions_kept BEFORE UPDATE OR DELETE ON consultation_reactions
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse_but_erasure();
