"""Logs, traces and metrics: the fields that let an operator follow one signal across the queue hops."""
