"""Queue producers."""
