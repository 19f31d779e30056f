-- The same rules on both engines: every append-only table refuses UPDATE and DELETE (erasure
-- only ever replaces words by the marker, see 0008). Until now SQLite refused only UPDATE on
-- these, and neither engine refused DELETE on action_updates and item_addenda.
CREATE TRIGGER consultations_not_deleted BEFORE DELETE ON consultations
BEGIN SELECT RAISE(ABORT, 'burgerstem: consultations is append-only'); END;
CREATE TRIGGER advice_notes_not_deleted BEFORE DELETE ON advice_notes
BEGIN SELECT RAISE(ABORT, 'burgerstem: advice_notes is append-only'); END;
CREATE TRIGGER consultation_reactions_not_deleted BEFORE DELETE ON consultation_reactions
BEGIN SELECT RAISE(ABORT, 'burgerstem: consultation_reactions is append-only'); END;
CREATE TRIGGER report_points_not_deleted BEFORE DELETE ON report_points
BEGIN SELECT RAISE(ABORT, 'burgerstem: report_points is append-only'); END;
CREATE TRIGGER action_updates_not_deleted BEFORE DELETE ON action_updates
BEGIN SELECT RAISE(ABORT, 'burgerstem: action_updates is append-only'); END;
CREATE TRIGGER item_addenda_not_deleted BEFORE DELETE ON item_addenda
BEGIN SELECT RAISE(ABORT, 'burgerstem: item_addenda is append-only'); END;
