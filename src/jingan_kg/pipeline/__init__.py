"""The stages between sources and graph, each a loop over the kind registry:
extract (spans → records), resolve (names → nodes), assemble (nodes → triples), report (counts)."""
