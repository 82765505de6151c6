"""``pipster serve`` and ``pipster demo``: registered on the operator console when the dev tools are installed."""

from devtools.cli import demo, serve

GROUPS = [serve, demo]
