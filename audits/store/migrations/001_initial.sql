-- friction history, version 1: one row per run, one row per journey of a run.
-- Written to run unchanged on SQLite and PostgreSQL: TEXT timestamps (ISO 8601, UTC) sort in time order.
CREATE TABLE friction_runs (
    id TEXT PRIMARY KEY,
    recorded_at TEXT NOT NULL,
    started_at TEXT NOT NULL,
    suite TEXT NOT NULL,
    site TEXT NOT NULL,
    site_name TEXT NOT NULL,
    score INTEGER NOT NULL,
    runs INTEGER NOT NULL,
    journeys INTEGER NOT NULL,
    reached INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    regressions INTEGER NOT NULL,
    flaky INTEGER NOT NULL,
    exit_code INTEGER NOT NULL,
    run_dir TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    result TEXT NOT NULL
);
CREATE INDEX friction_runs_site ON friction_runs (site, recorded_at);
CREATE TABLE friction_journeys (
    run_id TEXT NOT NULL REFERENCES friction_runs (id) ON DELETE CASCADE,
    site TEXT NOT NULL,
    journey TEXT NOT NULL,
    persona TEXT NOT NULL,
    goal TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT,
    score INTEGER NOT NULL,
    clicks INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    fields INTEGER NOT NULL,
    required_fields INTEGER NOT NULL,
    human_seconds DOUBLE PRECISION NOT NULL,
    seconds DOUBLE PRECISION NOT NULL,
    flaky INTEGER NOT NULL,
    PRIMARY KEY (run_id, site, journey, persona)
);
CREATE INDEX friction_journeys_site ON friction_journeys (site, journey, persona);
