"""Pure cores of the taxonomy: normalisation, label search, ESCO and bundled readers (no Django)."""
