"""Performance metrics and the bi-annual progress reports."""
