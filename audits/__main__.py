"""Entry point for `python -m audits`."""

from audits.cli import main

raise SystemExit(main())
