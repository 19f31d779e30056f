-- Indexes for the pages that read the most at scale (issue 8's benchmark) (PostgreSQL).

-- The deadline keeper's pass over every zone: items waiting in a few states.
CREATE INDEX items_status ON items(status);
-- A zone's item list in page order, with and without a status filter.
CREATE INDEX items_zone_status_created ON items(zone_id, status, created_at, id);
CREATE INDEX items_zone_created ON items(zone_id, created_at, id);
-- The public zone page: the zone's public items, newest submission first.
CREATE INDEX items_zone_public ON items(zone_id, is_public, submitted_at, id);
-- An item's minutes and the panel's responses to them (every item page and API answer).
CREATE INDEX minutes_item ON minutes(item_id);
-- "Decisions in force" (not superseded by a correction), as the zone report counts them.
CREATE INDEX decisions_supersedes ON decisions(supersedes);
