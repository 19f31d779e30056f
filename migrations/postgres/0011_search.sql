-- Full-text search (PostgreSQL): one table of the texts people may search, with a tsvector in
-- the configuration of the text's language (dutch, french, else simple), kept up to date by
-- triggers in the same transaction as each write. Accents are folded before indexing (and in
-- queries) with an immutable translate, so "e" finds "é" without the unaccent extension. The id
-- is the source row's id × 16 + the kind of text (see the SQLite migration). Texts erased on
-- request ("verwijderd op verzoek") leave the index.

CREATE FUNCTION burgerstem_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate(lower(t), 'áàâäãåéèêëíìîïóòôöõúùûüýÿçñœæ', 'aaaaaaeeeeiiiiooooouuuuyycnoa')
$$;

CREATE FUNCTION burgerstem_text_config(lang TEXT) RETURNS REGCONFIG LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE lang WHEN 'nl' THEN 'dutch'::regconfig WHEN 'fr' THEN 'french'::regconfig ELSE 'simple'::regconfig END
$$;

CREATE TABLE search_index (
    id BIGINT PRIMARY KEY,
    zone_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    source TEXT NOT NULL,
    config REGCONFIG NOT NULL,
    body TEXT NOT NULL,
    tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector(config, burgerstem_fold(body))) STORED
);
CREATE INDEX search_index_tsv ON search_index USING GIN (tsv);
CREATE INDEX search_index_zone ON search_index (zone_id);

CREATE FUNCTION burgerstem_index(p_id BIGINT, p_zone BIGINT, p_kind TEXT, p_subject BIGINT,
                                 p_source TEXT, p_lang TEXT, p_body TEXT) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
    IF p_body IS NULL OR p_body = 'verwijderd op verzoek' THEN
        DELETE FROM search_index WHERE id = p_id;
    ELSE
        INSERT INTO search_index (id, zone_id, kind, subject_id, source, config, body)
        VALUES (p_id, p_zone, p_kind, p_subject, p_source, burgerstem_text_config(p_lang), p_body)
        ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, config = EXCLUDED.config;
    END IF;
END $$;

CREATE FUNCTION burgerstem_search_items() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_index WHERE id IN (OLD.id * 16, OLD.id * 16 + 1);
        RETURN OLD;
    END IF;
    PERFORM burgerstem_index(NEW.id * 16, NEW.zone_id, 'item', NEW.id, 'title', NEW.text_lang, NEW.title);
    PERFORM burgerstem_index(NEW.id * 16 + 1, NEW.zone_id, 'item', NEW.id, 'text', NEW.text_lang, NEW.body);
    RETURN NEW;
END $$;
CREATE TRIGGER search_items AFTER INSERT OR UPDATE OF title, body, text_lang OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION burgerstem_search_items();

-- Texts written beside an item: the item's zone; the panel's addenda in the item's language,
-- the council's and staff's words in Dutch.
CREATE FUNCTION burgerstem_search_item_texts() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    z BIGINT;
    lang TEXT;
BEGIN
    SELECT zone_id, text_lang INTO z, lang FROM items WHERE id = NEW.item_id;
    IF TG_TABLE_NAME = 'item_addenda' THEN
        PERFORM burgerstem_index(NEW.id * 16 + 2, z, 'item', NEW.item_id, 'addendum', lang, NEW.body);
    ELSIF TG_TABLE_NAME = 'decisions' THEN
        PERFORM burgerstem_index(NEW.id * 16 + 3, z, 'item', NEW.item_id, 'decision', 'nl', NEW.reasons);
    ELSE
        PERFORM burgerstem_index(NEW.id * 16 + 4, z, 'item', NEW.item_id, 'minutes', 'nl', NEW.summary);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER search_addenda AFTER INSERT OR UPDATE OF body ON item_addenda
    FOR EACH ROW EXECUTE FUNCTION burgerstem_search_item_texts();
CREATE TRIGGER search_decisions AFTER INSERT ON decisions
    FOR EACH ROW EXECUTE FUNCTION burgerstem_search_item_texts();
CREATE TRIGGER search_minutes AFTER INSERT ON minutes
    FOR EACH ROW EXECUTE FUNCTION burgerstem_search_item_texts();

CREATE FUNCTION burgerstem_search_consultations() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM burgerstem_index(NEW.id * 16 + 5, NEW.zone_id, 'consultation', NEW.id, 'title', 'nl', NEW.title);
    PERFORM burgerstem_index(NEW.id * 16 + 6, NEW.zone_id, 'consultation', NEW.id, 'question', 'nl', NEW.question);
    RETURN NEW;
END $$;
CREATE TRIGGER search_consultations AFTER INSERT ON consultations
    FOR EACH ROW EXECUTE FUNCTION burgerstem_search_consultations();

-- An advice is found once the panel sent it: drafts are the panel's own.
CREATE FUNCTION burgerstem_search_advices() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    z BIGINT;
    txt TEXT;
BEGIN
    IF TG_TABLE_NAME = 'advice_versions' THEN
        IF NEW.body = 'verwijderd op verzoek' THEN
            DELETE FROM search_index WHERE id = NEW.advice_id * 16 + 7;
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.status = 'drafting' AND NEW.status <> 'drafting' THEN
        SELECT c.zone_id, v.body INTO z, txt
        FROM advice_versions v JOIN consultations c ON c.id = NEW.consultation_id
        WHERE v.advice_id = NEW.id AND v.version = NEW.version;
        PERFORM burgerstem_index(NEW.id * 16 + 7, z, 'consultation', NEW.consultation_id, 'advice', 'nl', txt);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER search_advices AFTER UPDATE OF status ON advices
    FOR EACH ROW EXECUTE FUNCTION burgerstem_search_advices();
CREATE TRIGGER search_advice_versions AFTER UPDATE OF body ON advice_versions
    FOR EACH ROW EXECUTE FUNCTION burgerstem_search_advices();

CREATE FUNCTION burgerstem_search_signals() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM burgerstem_index(NEW.id * 16 + 8, NEW.zone_id, 'signal', NEW.id, 'signal', NEW.text_lang, NEW.body);
    RETURN NEW;
END $$;
CREATE TRIGGER search_signals AFTER INSERT OR UPDATE OF body ON signals
    FOR EACH ROW EXECUTE FUNCTION burgerstem_search_signals();

-- What was written before this version.
INSERT INTO search_index (id, zone_id, kind, subject_id, source, config, body)
    SELECT id * 16, zone_id, 'item', id, 'title', burgerstem_text_config(text_lang), title FROM items WHERE title <> 'verwijderd op verzoek'
    UNION ALL SELECT id * 16 + 1, zone_id, 'item', id, 'text', burgerstem_text_config(text_lang), body FROM items WHERE body <> 'verwijderd op verzoek'
    UNION ALL SELECT a.id * 16 + 2, i.zone_id, 'item', i.id, 'addendum', burgerstem_text_config(i.text_lang), a.body
        FROM item_addenda a JOIN items i ON i.id = a.item_id WHERE a.body <> 'verwijderd op verzoek'
    UNION ALL SELECT d.id * 16 + 3, i.zone_id, 'item', i.id, 'decision', 'dutch'::regconfig, d.reasons
        FROM decisions d JOIN items i ON i.id = d.item_id
    UNION ALL SELECT m.id * 16 + 4, i.zone_id, 'item', i.id, 'minutes', 'dutch'::regconfig, m.summary
        FROM minutes m JOIN items i ON i.id = m.item_id
    UNION ALL SELECT id * 16 + 5, zone_id, 'consultation', id, 'title', 'dutch'::regconfig, title FROM consultations
    UNION ALL SELECT id * 16 + 6, zone_id, 'consultation', id, 'question', 'dutch'::regconfig, question FROM consultations
    UNION ALL SELECT a.id * 16 + 7, c.zone_id, 'consultation', c.id, 'advice', 'dutch'::regconfig, v.body
        FROM advices a JOIN advice_versions v ON v.advice_id = a.id AND v.version = a.version
        JOIN consultations c ON c.id = a.consultation_id
        WHERE a.status <> 'drafting' AND v.body <> 'verwijderd op verzoek'
    UNION ALL SELECT id * 16 + 8, zone_id, 'signal', id, 'signal', burgerstem_text_config(text_lang), body FROM signals;
