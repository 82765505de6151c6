"""One folder per port; each adapter wraps an SDK and raises ``shared`` errors, never the SDK's."""
