-- Wake-up signal for every node's live change feed: one notification per appending transaction, delivered
-- at commit. The events table stays the source of truth; a lost notification only delays delivery until
-- the feed's fallback poll.
CREATE FUNCTION notify_events_appended() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('staffsync_events', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER domain_event_entry_appended
    AFTER INSERT ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION notify_events_appended();

-- Every transaction that takes a global position must already own a transaction id when it draws the
-- position from the sequence: the live feed decides that a missing position is a permanent gap once every
-- transaction older than its observation has ended, which is only sound if position holders are visible
-- as running transactions. A statement trigger runs before the row defaults (nextval) are evaluated.
CREATE FUNCTION assign_transaction_id() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN NULL;
END;
$$;

CREATE TRIGGER domain_event_entry_owns_xid
    BEFORE INSERT ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION assign_transaction_id();
