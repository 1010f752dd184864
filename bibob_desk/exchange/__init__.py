"""The case exchange format `bibob-desk/case@N`: a public interface (see docs/case-format.md)."""
