"""Tenancy writes: one function per command, keyword-only, atomic, permission-checked."""
