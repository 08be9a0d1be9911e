"""Run: plan the work items, execute them, keep the run directory."""
