-- The citizen agenda: deadlines, meetings, minutes, decisions, follow-up, reactions (PostgreSQL).

ALTER TABLE zones ADD COLUMN closure_days BIGINT NOT NULL DEFAULT 14;

CREATE TABLE meetings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    starts_at TIMESTAMPTZ NOT NULL,
    place TEXT NOT NULL,
    other_points TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned',
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX meetings_zone ON meetings(zone_id, starts_at);

ALTER TABLE items ADD COLUMN acknowledged_at TIMESTAMPTZ;
ALTER TABLE items ADD COLUMN ack_due DATE;
ALTER TABLE items ADD COLUMN response_due DATE;
ALTER TABLE items ADD COLUMN review_date DATE;
ALTER TABLE items ADD COLUMN closure_due DATE;
ALTER TABLE items ADD COLUMN meeting_id BIGINT REFERENCES meetings(id);
ALTER TABLE items ADD COLUMN return_status TEXT;
ALTER TABLE items ADD COLUMN paused_since TIMESTAMPTZ;
ALTER TABLE items ADD COLUMN decided_at TIMESTAMPTZ;
ALTER TABLE items ADD COLUMN closed_at TIMESTAMPTZ;
CREATE INDEX items_meeting ON items(meeting_id);

CREATE TABLE agenda_entries (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    item_id BIGINT NOT NULL REFERENCES items(id),
    position BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (meeting_id, item_id)
);

CREATE TABLE minutes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    item_id BIGINT NOT NULL REFERENCES items(id),
    summary TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (meeting_id, item_id)
);

CREATE TABLE minutes_responses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    minutes_id BIGINT NOT NULL REFERENCES minutes(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    body TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX minutes_responses_minutes ON minutes_responses(minutes_id);

CREATE TABLE decisions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    outcome TEXT NOT NULL,
    reasons TEXT NOT NULL,
    referred_to TEXT,
    review_date DATE,
    meeting_id BIGINT REFERENCES meetings(id),
    supersedes BIGINT REFERENCES decisions(id),
    decided_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX decisions_item ON decisions(item_id);

CREATE TABLE actions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    what TEXT NOT NULL,
    responsible TEXT NOT NULL,
    due_date DATE NOT NULL,
    percent BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'open',
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX actions_item ON actions(item_id);
CREATE INDEX actions_zone ON actions(zone_id, status, due_date);

CREATE TABLE action_updates (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id BIGINT NOT NULL REFERENCES actions(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    percent BIGINT,
    note TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_updates_action ON action_updates(action_id);

-- Reactions, own views, council comments, and the texts that go with moves (a clarification
-- request and its answer, a closing note, an objection, reasons to reopen).
CREATE TABLE item_notes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    author_id BIGINT REFERENCES users(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX item_notes_item ON item_notes(item_id, kind);

-- Which deadlines have been marked overdue on the timeline (once per deadline).
CREATE TABLE overdue_marks (
    subject_type TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    deadline TEXT NOT NULL,
    due DATE NOT NULL,
    marked_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (subject_type, subject_id, deadline, due)
);


CREATE TRIGGER minutes_kept BEFORE UPDATE OR DELETE ON minutes FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();
CREATE TRIGGER minutes_responses_kept BEFORE UPDATE OR DELETE ON minutes_responses FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();
CREATE TRIGGER decisions_kept BEFORE UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();
CREATE TRIGGER action_updates_kept BEFORE UPDATE ON action_updates FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();
CREATE TRIGGER item_notes_kept BEFORE UPDATE OR DELETE ON item_notes FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();
