"""Browser tests (Chromium via Playwright), accessibility (axe-core) and HTML validity (vnu) of the built vault site."""
