"""Full-text search over the built site."""
