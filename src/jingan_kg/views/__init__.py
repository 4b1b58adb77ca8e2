"""The HTML views: slices of the graph read from a store (named) drawn as offline pages (html)."""
