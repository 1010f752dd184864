"""Loading content files (forms, indicator catalogue) safely: one hardened YAML reader."""
