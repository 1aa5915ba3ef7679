"""Turning tenancy rows and results into the plain dicts the response schemas validate."""
