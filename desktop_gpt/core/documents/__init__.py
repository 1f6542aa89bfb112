"""Reading documents: loaders for each format, and chunking into passages with their locations."""
