-- People's own data (SQLite): one-time download links, erasure on request, retention.
-- The only change the append-only text tables accept is the erasure marker, so an erasure is
-- the one sanctioned edit and anything else is still refused by the database.

ALTER TABLE users ADD COLUMN erased_at TEXT;
ALTER TABLE zones ADD COLUMN retention_days BIGINT;
ALTER TABLE items ADD COLUMN personal_removed_at TEXT;
CREATE INDEX items_retention ON items(zone_id, status, closed_at);

-- "Mijn gegevens": a link that works once, for its owner only, and expires.
CREATE TABLE data_exports (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX data_exports_user ON data_exports(user_id);

DROP TRIGGER items_frozen_text;
CREATE TRIGGER items_frozen_text BEFORE UPDATE ON items
WHEN OLD.submitted_at IS NOT NULL AND (
    (NEW.title IS NOT OLD.title AND NEW.title IS NOT 'verwijderd op verzoek')
    OR (NEW.body IS NOT OLD.body AND NEW.body IS NOT 'verwijderd op verzoek')
    OR (NEW.heard_at IS NOT OLD.heard_at AND NEW.heard_at IS NOT NULL)
    OR NEW.kind IS NOT OLD.kind OR NEW.author_id IS NOT OLD.author_id OR NEW.reference IS NOT OLD.reference
    OR NEW.submitted_at IS NOT OLD.submitted_at)
BEGIN
    SELECT RAISE(ABORT, 'burgerstem: submitted item text is frozen');
END;

DROP TRIGGER item_addenda_no_update;
CREATE TRIGGER item_addenda_no_update BEFORE UPDATE ON item_addenda
WHEN NEW.body IS NOT 'verwijderd op verzoek' OR NEW.item_id IS NOT OLD.item_id
    OR NEW.author_id IS NOT OLD.author_id OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'burgerstem: addenda are never edited'); END;

DROP TRIGGER item_notes_no_update;
CREATE TRIGGER item_notes_no_update BEFORE UPDATE ON item_notes
WHEN NEW.body IS NOT 'verwijderd op verzoek' OR NEW.item_id IS NOT OLD.item_id
    OR NEW.author_id IS NOT OLD.author_id OR NEW.kind IS NOT OLD.kind OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'burgerstem: notes are never edited'); END;

DROP TRIGGER minutes_responses_no_update;
CREATE TRIGGER minutes_responses_no_update BEFORE UPDATE ON minutes_responses
WHEN NEW.body IS NOT 'verwijderd op verzoek' OR NEW.minutes_id IS NOT OLD.minutes_id
    OR NEW.user_id IS NOT OLD.user_id OR NEW.kind IS NOT OLD.kind OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'burgerstem: responses are never edited'); END;

DROP TRIGGER advice_versions_kept;
CREATE TRIGGER advice_versions_kept BEFORE UPDATE ON advice_versions
WHEN NEW.body IS NOT 'verwijderd op verzoek' OR NEW.advice_id IS NOT OLD.advice_id
    OR NEW.version IS NOT OLD.version OR NEW.author_id IS NOT OLD.author_id OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'burgerstem: advice versions are kept as written'); END;

DROP TRIGGER advice_notes_kept;
CREATE TRIGGER advice_notes_kept BEFORE UPDATE ON advice_notes
WHEN NEW.body IS NOT 'verwijderd op verzoek' OR NEW.advice_id IS NOT OLD.advice_id
    OR NEW.author_id IS NOT OLD.author_id OR NEW.kind IS NOT OLD.kind OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'burgerstem: notes are kept as written'); END;

DROP TRIGGER consultation_reactions_kept;
CREATE TRIGGER consultation_reactions_kept BEFORE UPDATE ON consultation_reactions
WHEN NEW.body IS NOT 'verwijderd op verzoek' OR NEW.consultation_id IS NOT OLD.consultation_id
    OR NEW.author_id IS NOT OLD.author_id OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'burgerstem: reactions are kept as written'); END;
