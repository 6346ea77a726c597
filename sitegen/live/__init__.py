"""Watch mode: incremental rebuilds, which pages a change affects, and the dev server."""
