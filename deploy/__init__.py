"""Production deployment helpers (see docs/deploy.md)."""
