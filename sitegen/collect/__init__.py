"""Phase 1, collect: scan the vault, read and parse every note, resolve links, build the site model."""
