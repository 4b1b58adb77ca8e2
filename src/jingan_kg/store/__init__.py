"""The stores: one Protocol (base), the embedded Oxigraph store, a remote SPARQL endpoint, the search index, open_graph."""
