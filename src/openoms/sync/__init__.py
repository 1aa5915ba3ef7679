"""Sync: moves data between OpenOMS and its channels through the connectors (no tables yet)."""
