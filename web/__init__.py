"""The Flask web front: coordinator, partner and staff views, feeds and the API (issue 5)."""
