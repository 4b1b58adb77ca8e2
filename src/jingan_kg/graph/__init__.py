"""The RDF side: vocabulary terms, instance IRIs, the triple sink, SHACL validation and exports."""
