"""Golden files of every report (a package, so its conftest does not shadow tests/conftest.py)."""
