-- The citizen agenda: deadlines, meetings, minutes, decisions, follow-up, reactions (SQLite).

ALTER TABLE zones ADD COLUMN closure_days BIGINT NOT NULL DEFAULT 14;

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    starts_at TEXT NOT NULL,
    place TEXT NOT NULL,
    other_points TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned',
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX meetings_zone ON meetings(zone_id, starts_at);

ALTER TABLE items ADD COLUMN acknowledged_at TEXT;
ALTER TABLE items ADD COLUMN ack_due TEXT;
ALTER TABLE items ADD COLUMN response_due TEXT;
ALTER TABLE items ADD COLUMN review_date TEXT;
ALTER TABLE items ADD COLUMN closure_due TEXT;
ALTER TABLE items ADD COLUMN meeting_id BIGINT REFERENCES meetings(id);
ALTER TABLE items ADD COLUMN return_status TEXT;
ALTER TABLE items ADD COLUMN paused_since TEXT;
ALTER TABLE items ADD COLUMN decided_at TEXT;
ALTER TABLE items ADD COLUMN closed_at TEXT;
CREATE INDEX items_meeting ON items(meeting_id);

CREATE TABLE agenda_entries (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    item_id BIGINT NOT NULL REFERENCES items(id),
    position BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, item_id)
);

CREATE TABLE minutes (
    id INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    item_id BIGINT NOT NULL REFERENCES items(id),
    summary TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (meeting_id, item_id)
);

CREATE TABLE minutes_responses (
    id INTEGER PRIMARY KEY,
    minutes_id BIGINT NOT NULL REFERENCES minutes(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    body TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX minutes_responses_minutes ON minutes_responses(minutes_id);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    outcome TEXT NOT NULL,
    reasons TEXT NOT NULL,
    referred_to TEXT,
    review_date TEXT,
    meeting_id BIGINT REFERENCES meetings(id),
    supersedes BIGINT REFERENCES decisions(id),
    decided_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX decisions_item ON decisions(item_id);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    what TEXT NOT NULL,
    responsible TEXT NOT NULL,
    due_date TEXT NOT NULL,
    percent BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'open',
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX actions_item ON actions(item_id);
CREATE INDEX actions_zone ON actions(zone_id, status, due_date);

CREATE TABLE action_updates (
    id INTEGER PRIMARY KEY,
    action_id BIGINT NOT NULL REFERENCES actions(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    percent BIGINT,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX action_updates_action ON action_updates(action_id);

-- Reactions, own views, council comments, and the texts that go with moves (a clarification
-- request and its answer, a closing note, an objection, reasons to reopen).
CREATE TABLE item_notes (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    author_id BIGINT REFERENCES users(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX item_notes_item ON item_notes(item_id, kind);

-- Which deadlines have been marked overdue on the timeline (once per deadline).
CREATE TABLE overdue_marks (
    subject_type TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    deadline TEXT NOT NULL,
    due TEXT NOT NULL,
    marked_at TEXT NOT NULL,
    PRIMARY KEY (subject_type, subject_id, deadline, due)
);

CREATE TRIGGER minutes_no_update BEFORE UPDATE ON minutes BEGIN SELECT RAISE(ABORT, 'burgerstem: minutes are never edited'); END;
CREATE TRIGGER minutes_no_delete BEFORE DELETE ON minutes BEGIN SELECT RAISE(ABORT, 'burgerstem: minutes are kept'); END;
CREATE TRIGGER minutes_responses_no_update BEFORE UPDATE ON minutes_responses BEGIN SELECT RAISE(ABORT, 'burgerstem: responses are never edited'); END;
CREATE TRIGGER minutes_responses_no_delete BEFORE DELETE ON minutes_responses BEGIN SELECT RAISE(ABORT, 'burgerstem: responses are kept'); END;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN SELECT RAISE(ABORT, 'burgerstem: decisions are final; record a correction'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN SELECT RAISE(ABORT, 'burgerstem: decisions are kept'); END;
CREATE TRIGGER action_updates_no_update BEFORE UPDATE ON action_updates BEGIN SELECT RAISE(ABORT, 'burgerstem: updates are never edited'); END;
CREATE TRIGGER item_notes_no_update BEFORE UPDATE ON item_notes BEGIN SELECT RAISE(ABORT, 'burgerstem: notes are never edited'); END;
CREATE TRIGGER item_notes_no_delete BEFORE DELETE ON item_notes BEGIN SELECT RAISE(ABORT, 'burgerstem: notes are kept'); END;
