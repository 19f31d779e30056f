-- Consultations (adviesvragen): the council asks panels, a panel writes one shared advice in
-- versions, members add notes or dissent beside it, and the council reports back per point (SQLite).

ALTER TABLE zones ADD COLUMN report_days BIGINT NOT NULL DEFAULT 60;

CREATE TABLE consultation_counters (
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    year BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (zone_id, year)
);

CREATE TABLE consultations (
    id INTEGER PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    reference TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    question TEXT NOT NULL,
    background TEXT NOT NULL DEFAULT '',
    links TEXT NOT NULL DEFAULT '',
    advice_due TEXT NOT NULL,
    asked_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX consultations_zone ON consultations(zone_id, created_at);

-- The council's question is as fixed as a citizen's submitted words.
CREATE TRIGGER consultations_frozen BEFORE UPDATE ON consultations
BEGIN SELECT RAISE(ABORT, 'burgerstem: a consultation question is never edited'); END;

CREATE TABLE consultation_panels (
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    panel_id BIGINT NOT NULL REFERENCES panels(id),
    PRIMARY KEY (consultation_id, panel_id)
);
CREATE INDEX consultation_panels_panel ON consultation_panels(panel_id);

-- For a klankbordgroep: the people asked for this one question.
CREATE TABLE consultation_participants (
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    panel_id BIGINT NOT NULL REFERENCES panels(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    added_at TEXT NOT NULL,
    PRIMARY KEY (consultation_id, user_id)
);
CREATE INDEX consultation_participants_user ON consultation_participants(user_id);

ALTER TABLE invitations ADD COLUMN consultation_id BIGINT REFERENCES consultations(id);

-- One advice per asked panel.
CREATE TABLE advices (
    id INTEGER PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    panel_id BIGINT NOT NULL REFERENCES panels(id),
    status TEXT NOT NULL DEFAULT 'drafting',
    version BIGINT NOT NULL DEFAULT 0,
    submitted_at TEXT,
    submitted_by BIGINT REFERENCES users(id),
    report_due TEXT,
    reported_at TEXT,
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
    created_at TEXT NOT NULL,
    PRIMARY KEY (advice_id, version)
);
CREATE TRIGGER advice_versions_kept BEFORE UPDATE ON advice_versions
BEGIN SELECT RAISE(ABORT, 'burgerstem: advice versions are kept as written'); END;
CREATE TRIGGER advice_versions_not_deleted BEFORE DELETE ON advice_versions
BEGIN SELECT RAISE(ABORT, 'burgerstem: advice versions are kept as written'); END;
-- A submitted advice is frozen like a submitted item.
CREATE TRIGGER advice_versions_frozen BEFORE INSERT ON advice_versions
WHEN (SELECT status FROM advices WHERE id = NEW.advice_id) <> 'drafting'
BEGIN SELECT RAISE(ABORT, 'burgerstem: a submitted advice is frozen'); END;

CREATE TABLE advice_notes (
    id INTEGER PRIMARY KEY,
    advice_id BIGINT NOT NULL REFERENCES advices(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX advice_notes_advice ON advice_notes(advice_id);
CREATE TRIGGER advice_notes_kept BEFORE UPDATE ON advice_notes
BEGIN SELECT RAISE(ABORT, 'burgerstem: notes are kept as written'); END;

CREATE TABLE consultation_reactions (
    id INTEGER PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX consultation_reactions_c ON consultation_reactions(consultation_id);
CREATE TRIGGER consultation_reactions_kept BEFORE UPDATE ON consultation_reactions
BEGIN SELECT RAISE(ABORT, 'burgerstem: reactions are kept as written'); END;

-- What the council did with each point of a submitted advice.
CREATE TABLE report_points (
    advice_id BIGINT NOT NULL REFERENCES advices(id),
    point BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    reasons TEXT NOT NULL,
    PRIMARY KEY (advice_id, point)
);
CREATE TRIGGER report_points_kept BEFORE UPDATE ON report_points
BEGIN SELECT RAISE(ABORT, 'burgerstem: a report back is kept as written'); END;

-- An item made from a point of an advice links back to it.
ALTER TABLE items ADD COLUMN advice_id BIGINT REFERENCES advices(id);
ALTER TABLE items ADD COLUMN advice_point BIGINT;
CREATE UNIQUE INDEX items_advice_point ON items(advice_id, advice_point);
