"""Model files: the catalog, verified downloads, GGUF checks, conversion, the starter models and the engine loader."""
