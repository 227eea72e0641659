-- The wake-up NOTIFY moves out of the appending transaction (see AppendNotifier): PostgreSQL serializes the
-- commits of notifying transactions through the WAL flush, which capped appends at one fsync each.
-- The xid-assigning trigger stays: the live feed's gap rule depends on it.
DROP TRIGGER domain_event_entry_appended ON domain_event_entry;
DROP FUNCTION notify_events_appended();
