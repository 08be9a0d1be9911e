"""Gather: drive Chromium and record what each step saw (browser, driver, recorder)."""
