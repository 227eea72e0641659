-- The staff directory read model (query side), rebuilt from the event store on replay.
CREATE TABLE staff_directory (
    staff_id        VARCHAR(255) NOT NULL PRIMARY KEY,
    version         BIGINT       NOT NULL,
    active          BOOLEAN      NOT NULL,
    first_name      VARCHAR(100) NOT NULL,
    last_name       VARCHAR(100) NOT NULL,
    email           VARCHAR(320) NOT NULL,
    phone           VARCHAR(30),
    role            VARCHAR(200),
    department      VARCHAR(200),
    employment_type VARCHAR(20),
    weekly_hours    INTEGER,
    skills          TEXT[]       NOT NULL DEFAULT '{}',
    notes           TEXT,
    last_position   BIGINT       NOT NULL,
    registered_at   TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    updated_by      VARCHAR(255)
);
CREATE INDEX staff_directory_name_idx ON staff_directory (last_name, first_name, staff_id);
CREATE INDEX staff_directory_department_idx ON staff_directory (department);
