-- Holding councils to account (PostgreSQL): deadlines in working days with the zone's own closing
-- days, reminders and escalation, the council's chair, and the panel's verdict on an answer.

ALTER TABLE zones ADD COLUMN day_kind TEXT NOT NULL DEFAULT 'calendar';
-- Working days before a deadline that the one who owes the step is reminded.
ALTER TABLE zones ADD COLUMN reminder_days BIGINT NOT NULL DEFAULT 3;
-- Working days late after which an item is very overdue (administrators and the chair are told).
ALTER TABLE zones ADD COLUMN very_overdue_days BIGINT NOT NULL DEFAULT 20;

CREATE TABLE zone_closing_days (
    zone_id BIGINT NOT NULL REFERENCES zones(id),
    day DATE NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (zone_id, day)
);

-- The council's chair (one or more council members of a zone).
ALTER TABLE memberships ADD COLUMN chair BOOLEAN NOT NULL DEFAULT FALSE;

-- Until when the panel may say whether it got an answer (15 working days after the decision).
ALTER TABLE items ADD COLUMN verdict_due DATE;

-- The panel's own judgement of the council's answer: answered, partly answered, not answered,
-- kept as given. The council may answer a "not answered" (answer, answered_at); the panel then
-- judges again (a new row). A "not answered" gives the council a date to reply by (reply_due).
CREATE TABLE verdicts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES items(id),
    decision_id BIGINT NOT NULL REFERENCES decisions(id),
    verdict TEXT NOT NULL,
    reason TEXT,
    reply_due DATE,
    given_by BIGINT NOT NULL REFERENCES users(id),
    given_at TIMESTAMPTZ NOT NULL,
    answer TEXT,
    answered_by BIGINT REFERENCES users(id),
    answered_at TIMESTAMPTZ
);
CREATE INDEX verdicts_item ON verdicts(item_id);
