-- Consultations (adviesvragen): the council asks panels, a panel writes one shared advice in
-- versions, members add notes or dissent beside it, and the council reports back per point
-- (PostgreSQL).

ALTER TABLE zones ADD COLUMN report_days BIGINT NOT NULL DEFAULT 60;

CREATE TABLE consultation_counters (
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    year BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (zone_id, year)
);

CREATE TABLE consultations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    reference TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    question TEXT NOT NULL,
    background TEXT NOT NULL DEFAULT '',
    links TEXT NOT NULL DEFAULT '',
    advice_due DATE NOT NULL,
    asked_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX consultations_zone ON consultations(zone_id, created_at);
CREATE TRIGGER consultations_frozen BEFORE UPDATE OR DELETE ON consultations
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();

CREATE TABLE consultation_panels (
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    panel_id BIGINT NOT NULL REFERENCES panels(id),
    PRIMARY KEY (consultation_id, panel_id)
);
CREATE INDEX consultation_panels_panel ON consultation_panels(panel_id);

CREATE TABLE consultation_participants (
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    panel_id BIGINT NOT NULL REFERENCES panels(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    added_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consultation_id, user_id)
);
CREATE INDEX consultation_participants_user ON consultation_participants(user_id);

ALTER TABLE invitations ADD COLUMN consultation_id BIGINT REFERENCES consultations(id);

CREATE TABLE advices (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    panel_id BIGINT NOT NULL REFERENCES panels(id),
    status TEXT NOT NULL DEFAULT 'drafting',
    version BIGINT NOT NULL DEFAULT 0,
    submitted_at TIMESTAMPTZ,
    submitted_by BIGINT REFERENCES users(id),
    report_due DATE,
    reported_at TIMESTAMPTZ,
    reported_by BIGINT REFERENCES users(id),
    report_summary TEXT,
    UNIQUE (consultation_id, panel_id)
);
CREATE INDEX advices_report ON advices(status, report_due);

CREATE TABLE advice_versions (
    advice_id BIGINT NOT NULL REFERENCES advices(id),
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (advice_id, version)
);
CREATE TRIGGER advice_versions_kept BEFORE UPDATE OR DELETE ON advice_versions
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();

-- A submitted advice is frozen like a submitted item.
CREATE FUNCTION burgerstem_advice_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT status FROM advices WHERE id = NEW.advice_id) <> 'drafting' THEN
        RAISE EXCEPTION 'burgerstem: a submitted advice is frozen';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER advice_versions_frozen BEFORE INSERT ON advice_versions
    FOR EACH ROW EXECUTE FUNCTION burgerstem_advice_frozen();

CREATE TABLE advice_notes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    advice_id BIGINT NOT NULL REFERENCES advices(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX advice_notes_advice ON advice_notes(advice_id);
CREATE TRIGGER advice_notes_kept BEFORE UPDATE OR DELETE ON advice_notes
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();

CREATE TABLE consultation_reactions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX consultation_reactions_c ON consultation_reactions(consultation_id);
CREATE TRIGGER consultation_reactions_kept BEFORE UPDATE OR DELETE ON consultation_reactions
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();

CREATE TABLE report_points (
    advice_id BIGINT NOT NULL REFERENCES advices(id),
    point BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    reasons TEXT NOT NULL,
    PRIMARY KEY (advice_id, point)
);
CREATE TRIGGER report_points_kept BEFORE UPDATE OR DELETE ON report_points
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();

ALTER TABLE items ADD COLUMN advice_id BIGINT REFERENCES advices(id);
ALTER TABLE items ADD COLUMN advice_point BIGINT;
CREATE UNIQUE INDEX items_advice_point ON items(advice_id, advice_point);
