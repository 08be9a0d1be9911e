-- version 2: the commit or label a run belongs to (GITHUB_SHA in GitHub Actions, or --ref).
ALTER TABLE friction_runs ADD COLUMN ref TEXT NOT NULL DEFAULT '';
