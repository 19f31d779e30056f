-- Full-text search (SQLite): one FTS5 index over the texts people may search, kept up to date by
-- triggers in the same transaction as each write. `unicode61 remove_diacritics 2` makes
-- "Zorgraad"/"zorgraad" and "é"/"e" the same. `zone` holds `z<zone id>` so a query narrows to one
-- zone inside the index. The rowid is the source row's id × 16 + the kind of text, so a change
-- finds its own entry without a scan:
--   0 item title, 1 item text, 2 addendum, 3 decision reasons, 4 minutes, 5 consultation title,
--   6 consultation question, 7 submitted advice, 8 signal.
-- Texts erased on request ("verwijderd op verzoek") leave the index.
CREATE VIRTUAL TABLE search_index USING fts5(
    body,
    zone,
    kind UNINDEXED,
    subject_id UNINDEXED,
    source UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
-- A deleted text leaves the index at once (not at the next merge): words erased on request must
-- not linger in the file.
INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER search_items_insert AFTER INSERT ON items BEGIN
    INSERT INTO search_index (rowid, body, zone, kind, subject_id, source) VALUES
        (NEW.id * 16, NEW.title, 'z' || NEW.zone_id, 'item', NEW.id, 'title'),
        (NEW.id * 16 + 1, NEW.body, 'z' || NEW.zone_id, 'item', NEW.id, 'text');
END;
CREATE TRIGGER search_items_update AFTER UPDATE OF title, body ON items BEGIN
    DELETE FROM search_index WHERE rowid IN (NEW.id * 16, NEW.id * 16 + 1);
    INSERT INTO search_index (rowid, body, zone, kind, subject_id, source)
        SELECT NEW.id * 16, NEW.title, 'z' || NEW.zone_id, 'item', NEW.id, 'title'
        WHERE NEW.title <> 'verwijderd op verzoek'
        UNION ALL
        SELECT NEW.id * 16 + 1, NEW.body, 'z' || NEW.zone_id, 'item', NEW.id, 'text'
        WHERE NEW.body <> 'verwijderd op verzoek';
END;
CREATE TRIGGER search_items_delete AFTER DELETE ON items BEGIN
    DELETE FROM search_index WHERE rowid IN (OLD.id * 16, OLD.id * 16 + 1);
END;

CREATE TRIGGER search_addenda_insert AFTER INSERT ON item_addenda BEGIN
    INSERT INTO search_index (rowid, body, zone, kind, subject_id, source)
        SELECT NEW.id * 16 + 2, NEW.body, 'z' || i.zone_id, 'item', i.id, 'addendum'
        FROM items i WHERE i.id = NEW.item_id;
END;
CREATE TRIGGER search_addenda_erased AFTER UPDATE OF body ON item_addenda BEGIN
    DELETE FROM search_index WHERE rowid = NEW.id * 16 + 2;
END;

CREATE TRIGGER search_decisions_insert AFTER INSERT ON decisions BEGIN
    INSERT INTO search_index (rowid, body, zone, kind, subject_id, source)
        SELECT NEW.id * 16 + 3, NEW.reasons, 'z' || i.zone_id, 'item', i.id, 'decision'
        FROM items i WHERE i.id = NEW.item_id;
END;

CREATE TRIGGER search_minutes_insert AFTER INSERT ON minutes BEGIN
    INSERT INTO search_index (rowid, body, zone, kind, subject_id, source)
        SELECT NEW.id * 16 + 4, NEW.summary, 'z' || i.zone_id, 'item', i.id, 'minutes'
        FROM items i WHERE i.id = NEW.item_id;
END;

CREATE TRIGGER search_consultations_insert AFTER INSERT ON consultations BEGIN
    INSERT INTO search_index (rowid, body, zone, kind, subject_id, source) VALUES
        (NEW.id * 16 + 5, NEW.title, 'z' || NEW.zone_id, 'consultation', NEW.id, 'title'),
        (NEW.id * 16 + 6, NEW.question, 'z' || NEW.zone_id, 'consultation', NEW.id, 'question');
END;

-- An advice is found once the panel sent it: drafts are the panel's own.
CREATE TRIGGER search_advices_submitted AFTER UPDATE OF status ON advices
WHEN OLD.status = 'drafting' AND NEW.status <> 'drafting' BEGIN
    DELETE FROM search_index WHERE rowid = NEW.id * 16 + 7;
    INSERT INTO search_index (rowid, body, zone, kind, subject_id, source)
        SELECT NEW.id * 16 + 7, v.body, 'z' || c.zone_id, 'consultation', c.id, 'advice'
        FROM advice_versions v JOIN consultations c ON c.id = NEW.consultation_id
        WHERE v.advice_id = NEW.id AND v.version = NEW.version AND v.body <> 'verwijderd op verzoek';
END;
CREATE TRIGGER search_advice_erased AFTER UPDATE OF body ON advice_versions BEGIN
    DELETE FROM search_index WHERE rowid = NEW.advice_id * 16 + 7;
END;

CREATE TRIGGER search_signals_insert AFTER INSERT ON signals BEGIN
    INSERT INTO search_index (rowid, body, zone, kind, subject_id, source)
        VALUES (NEW.id * 16 + 8, NEW.body, 'z' || NEW.zone_id, 'signal', NEW.id, 'signal');
END;
CREATE TRIGGER search_signals_erased AFTER UPDATE OF body ON signals BEGIN
    DELETE FROM search_index WHERE rowid = NEW.id * 16 + 8;
END;

-- What was written before this version.
INSERT INTO search_index (rowid, body, zone, kind, subject_id, source)
    SELECT id * 16, title, 'z' || zone_id, 'item', id, 'title' FROM items WHERE title <> 'verwijderd op verzoek'
    UNION ALL SELECT id * 16 + 1, body, 'z' || zone_id, 'item', id, 'text' FROM items WHERE body <> 'verwijderd op verzoek'
    UNION ALL SELECT a.id * 16 + 2, a.body, 'z' || i.zone_id, 'item', i.id, 'addendum'
        FROM item_addenda a JOIN items i ON i.id = a.item_id WHERE a.body <> 'verwijderd op verzoek'
    UNION ALL SELECT d.id * 16 + 3, d.reasons, 'z' || i.zone_id, 'item', i.id, 'decision'
        FROM decisions d JOIN items i ON i.id = d.item_id
    UNION ALL SELECT m.id * 16 + 4, m.summary, 'z' || i.zone_id, 'item', i.id, 'minutes'
        FROM minutes m JOIN items i ON i.id = m.item_id
    UNION ALL SELECT id * 16 + 5, title, 'z' || zone_id, 'consultation', id, 'title' FROM consultations
    UNION ALL SELECT id * 16 + 6, question, 'z' || zone_id, 'consultation', id, 'question' FROM consultations
    UNION ALL SELECT a.id * 16 + 7, v.body, 'z' || c.zone_id, 'consultation', c.id, 'advice'
        FROM advices a JOIN advice_versions v ON v.advice_id = a.id AND v.version = a.version
        JOIN consultations c ON c.id = a.consultation_id
        WHERE a.status <> 'drafting' AND v.body <> 'verwijderd op verzoek'
    UNION ALL SELECT id * 16 + 8, body, 'z' || zone_id, 'signal', id, 'signal' FROM signals;
