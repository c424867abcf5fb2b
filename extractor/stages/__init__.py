"""vnie's stages, one module each; the order and the interface are in extractor.pipeline."""
