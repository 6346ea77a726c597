"""Phase 2, emit: plan pages, expand embeds, render templates and write the site atomically."""
