-- Written by the command side in the same transaction as the events they guard.

-- Idempotency: one row per accepted command id. A retry of a handled command finds its row (and is answered
-- DUPLICATE with this outcome); a concurrent retry blocks on the primary key until the first commits.
CREATE TABLE processed_command (
    command_id   UUID         NOT NULL PRIMARY KEY,
    command_type VARCHAR(100) NOT NULL,
    staff_id     VARCHAR(255) NOT NULL,
    version      BIGINT,
    actor        VARCHAR(255),
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Email uniqueness among active staff, a rule across aggregates: the partial unique index makes a second
-- active holder of an email impossible, whatever the interleaving of transactions.
CREATE TABLE staff_email (
    staff_id VARCHAR(255) NOT NULL PRIMARY KEY,
    email    VARCHAR(320) NOT NULL,
    active   BOOLEAN      NOT NULL
);
CREATE UNIQUE INDEX staff_email_active_email_key ON staff_email (lower(email)) WHERE active;
