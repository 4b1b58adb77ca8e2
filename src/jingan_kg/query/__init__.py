"""Questions over a store and its search index (who, show, search, targets, query, stats) and their rendering."""
