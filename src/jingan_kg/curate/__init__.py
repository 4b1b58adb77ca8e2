"""Curated data and name resolution: the curated files read and checked once, names resolved to organisations."""
