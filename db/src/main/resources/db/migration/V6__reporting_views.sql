-- The reporting schema: read-only views over the read models, for BI tools that connect to PostgreSQL
-- directly (docs/reporting.md). The views are the contract; the tables behind them may change with the
-- application. A migration that changes staff_directory must recreate the views it touches.
--
-- The views run with their owner's rights (the migration user), so a reader needs SELECT on the views only,
-- never on the tables behind them or on the event store. Role staffsync_reporting (NOLOGIN) holds exactly
-- that; a DBA grants it to a BI login:  GRANT staffsync_reporting TO some_bi_login;
-- Creating the role needs CREATEROLE (or a superuser) for the migration user. Roles belong to the whole
-- cluster, so a second StaffSync database on the same cluster reuses it.

CREATE SCHEMA reporting;
COMMENT ON SCHEMA reporting IS 'StaffSync read-only views for reporting and BI (docs/reporting.md)';

CREATE VIEW reporting.staff_member AS
SELECT staff_id::text                           AS staff_id,
       active,
       first_name::text                         AS first_name,
       last_name::text                          AS last_name,
       (first_name || ' ' || last_name)::text   AS full_name,
       email::text                              AS email,
       phone::text                              AS phone,
       role::text                               AS role,
       department::text                         AS department,
       employment_type::text                    AS employment_type,
       weekly_hours,
       array_to_string(ARRAY(SELECT s FROM unnest(skills) AS s ORDER BY s COLLATE "C"), ', ') AS skills,
       cardinality(skills)                      AS skill_count,
       notes,
       version,
       registered_at,
       updated_at,
       updated_by::text                         AS updated_by,
       last_position
  FROM public.staff_directory;

COMMENT ON VIEW reporting.staff_member IS 'The current staff directory: one row per staff member, active or not';
COMMENT ON COLUMN reporting.staff_member.staff_id IS 'Stable id of the staff member';
COMMENT ON COLUMN reporting.staff_member.active IS 'false once deactivated (left the active staff)';
COMMENT ON COLUMN reporting.staff_member.full_name IS 'first_name, a space, last_name';
COMMENT ON COLUMN reporting.staff_member.email IS 'Unique among active staff, ignoring case';
COMMENT ON COLUMN reporting.staff_member.employment_type IS 'FULL_TIME, PART_TIME, CONTRACTOR, or null when not recorded';
COMMENT ON COLUMN reporting.staff_member.weekly_hours IS 'Contracted hours per week (0-80), or null when not recorded';
COMMENT ON COLUMN reporting.staff_member.skills IS 'Skills, sorted by character code, joined with ", " (for display; reporting.staff_skill has one row per skill)';
COMMENT ON COLUMN reporting.staff_member.skill_count IS 'Number of skills';
COMMENT ON COLUMN reporting.staff_member.version IS 'Version of the staff member: 0 at registration, +1 per stored event';
COMMENT ON COLUMN reporting.staff_member.registered_at IS 'When the staff member was registered';
COMMENT ON COLUMN reporting.staff_member.updated_at IS 'When the last event of this staff member happened';
COMMENT ON COLUMN reporting.staff_member.updated_by IS 'User who caused the last event (system for automatic ones)';
COMMENT ON COLUMN reporting.staff_member.last_position IS 'Global event-log position of the last event of this staff member';

CREATE VIEW reporting.staff_skill AS
SELECT d.staff_id::text AS staff_id,
       s.skill,
       d.active
  FROM public.staff_directory d
 CROSS JOIN LATERAL unnest(d.skills) AS s(skill);

COMMENT ON VIEW reporting.staff_skill IS 'One row per staff member and skill; join reporting.staff_member on staff_id';
COMMENT ON COLUMN reporting.staff_skill.skill IS 'One skill, exactly as recorded';
COMMENT ON COLUMN reporting.staff_skill.active IS 'Whether the staff member is active (as reporting.staff_member.active)';

-- The headcount views count active staff only, like GET /api/staff/stats without includeInactive.
CREATE VIEW reporting.headcount_by_department AS
SELECT department::text                       AS department,
       count(*)                               AS headcount,
       coalesce(sum(weekly_hours), 0)         AS weekly_hours_sum,
       count(weekly_hours)                    AS weekly_hours_reported,
       round(avg(weekly_hours), 2)            AS weekly_hours_average
  FROM public.staff_directory
 WHERE active
 GROUP BY department;

CREATE VIEW reporting.headcount_by_role AS
SELECT role::text                             AS role,
       count(*)                               AS headcount,
       coalesce(sum(weekly_hours), 0)         AS weekly_hours_sum,
       count(weekly_hours)                    AS weekly_hours_reported,
       round(avg(weekly_hours), 2)            AS weekly_hours_average
  FROM public.staff_directory
 WHERE active
 GROUP BY role;

CREATE VIEW reporting.headcount_by_employment_type AS
SELECT employment_type::text                  AS employment_type,
       count(*)                               AS headcount,
       coalesce(sum(weekly_hours), 0)         AS weekly_hours_sum,
       count(weekly_hours)                    AS weekly_hours_reported,
       round(avg(weekly_hours), 2)            AS weekly_hours_average
  FROM public.staff_directory
 WHERE active
 GROUP BY employment_type;

COMMENT ON VIEW reporting.headcount_by_department IS 'Active staff per department (null: no department recorded)';
COMMENT ON VIEW reporting.headcount_by_role IS 'Active staff per role (null: no role recorded)';
COMMENT ON VIEW reporting.headcount_by_employment_type IS 'Active staff per employment type (null: not recorded)';
COMMENT ON COLUMN reporting.headcount_by_department.headcount IS 'Number of active staff members';
COMMENT ON COLUMN reporting.headcount_by_department.weekly_hours_sum IS 'Sum of their weekly hours (unrecorded hours count as 0)';
COMMENT ON COLUMN reporting.headcount_by_department.weekly_hours_reported IS 'How many of them have weekly hours recorded';
COMMENT ON COLUMN reporting.headcount_by_department.weekly_hours_average IS 'Average weekly hours of those with hours recorded, 2 decimals; null if none';
COMMENT ON COLUMN reporting.headcount_by_role.headcount IS 'Number of active staff members';
COMMENT ON COLUMN reporting.headcount_by_role.weekly_hours_sum IS 'Sum of their weekly hours (unrecorded hours count as 0)';
COMMENT ON COLUMN reporting.headcount_by_role.weekly_hours_reported IS 'How many of them have weekly hours recorded';
COMMENT ON COLUMN reporting.headcount_by_role.weekly_hours_average IS 'Average weekly hours of those with hours recorded, 2 decimals; null if none';
COMMENT ON COLUMN reporting.headcount_by_employment_type.headcount IS 'Number of active staff members';
COMMENT ON COLUMN reporting.headcount_by_employment_type.weekly_hours_sum IS 'Sum of their weekly hours (unrecorded hours count as 0)';
COMMENT ON COLUMN reporting.headcount_by_employment_type.weekly_hours_reported IS 'How many of them have weekly hours recorded';
COMMENT ON COLUMN reporting.headcount_by_employment_type.weekly_hours_average IS 'Average weekly hours of those with hours recorded, 2 decimals; null if none';

DO
$$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'staffsync_reporting') THEN
        CREATE ROLE staffsync_reporting NOLOGIN;
    END IF;
END
$$;
COMMENT ON ROLE staffsync_reporting IS 'Read-only access to the StaffSync reporting schema; grant it to BI logins';

REVOKE ALL ON SCHEMA reporting FROM PUBLIC;
GRANT USAGE ON SCHEMA reporting TO staffsync_reporting;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO staffsync_reporting;
-- views that later migrations add to the schema are readable too
ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO staffsync_reporting;
-- Before PostgreSQL 15 every role may create tables in schema public; a reporting login must not write
-- anywhere. (This is the default from PostgreSQL 15 on; the application's own user owns what it creates.)
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
