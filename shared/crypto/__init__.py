"""Application-level encryption of tenant secrets: AES-256-GCM envelopes under rotating data keys."""
