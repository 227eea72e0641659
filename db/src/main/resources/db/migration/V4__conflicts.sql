-- Command side: when each pending user-choice conflict falls back to its strategy. Written in the
-- transaction that raises or settles the conflict; read by the expiry sweeper on any node.
CREATE TABLE conflict_deadline (
    conflict_id UUID         NOT NULL PRIMARY KEY,
    staff_id    VARCHAR(255) NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX conflict_deadline_expires_at_idx ON conflict_deadline (expires_at);

-- Query side: every user-choice conflict and how it ended, for GET /api/conflicts.
CREATE TABLE staff_conflict (
    conflict_id       UUID         NOT NULL PRIMARY KEY,
    staff_id          VARCHAR(255) NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    raised_by         VARCHAR(255),
    raised_at         TIMESTAMPTZ  NOT NULL,
    raised_at_version BIGINT       NOT NULL,
    expires_at        TIMESTAMPTZ,
    fallback          VARCHAR(30)  NOT NULL,
    settled_by        VARCHAR(255),
    settled_at        TIMESTAMPTZ,
    detail            TEXT         NOT NULL
);
CREATE INDEX staff_conflict_status_idx ON staff_conflict (status, raised_at);
CREATE INDEX staff_conflict_staff_idx ON staff_conflict (staff_id);
