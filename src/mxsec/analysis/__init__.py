"""Topic analyses: pure functions over the curated tables, one module per report topic."""
