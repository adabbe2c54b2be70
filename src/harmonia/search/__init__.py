"""Search over the catalogue: one query interface, two backends (tantivy embedded,
PostgreSQL full text), identifier-aware ranking, facets, suggestions."""
