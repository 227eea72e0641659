-- Presence shared by every node: who views or edits which staff member, per connection. UNLOGGED: it is
-- ephemeral state, rebuilt as clients connect; after a database crash it starts empty, which is right.
CREATE UNLOGGED TABLE presence_node (
    node_id TEXT PRIMARY KEY,
    seen_at TIMESTAMPTZ NOT NULL
);

CREATE UNLOGGED TABLE staff_presence (
    node_id         TEXT        NOT NULL,
    connection_id   TEXT        NOT NULL,
    subscription_id TEXT        NOT NULL,
    staff_id        TEXT        NOT NULL,
    user_name       TEXT        NOT NULL,
    editing         BOOLEAN     NOT NULL DEFAULT FALSE,
    since           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (node_id, connection_id, subscription_id)
);

CREATE INDEX staff_presence_staff_id ON staff_presence (staff_id);
