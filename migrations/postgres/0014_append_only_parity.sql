-- The same rules on both engines: every append-only table refuses UPDATE and DELETE (erasure
-- only ever replaces words by the marker, see 0008). Neither engine refused DELETE on
-- action_updates and item_addenda until now.
CREATE TRIGGER action_updates_not_deleted BEFORE DELETE ON action_updates
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();
CREATE TRIGGER item_addenda_not_deleted BEFORE DELETE ON item_addenda
    FOR EACH ROW EXECUTE FUNCTION burgerstem_refuse();
