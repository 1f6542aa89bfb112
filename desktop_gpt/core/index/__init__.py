"""The searchable index: embedding engines, the LanceDB store, ranking, and the ingestion pipeline."""
