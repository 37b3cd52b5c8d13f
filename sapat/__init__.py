"""Sapat: a university's ISO 9001 quality management system."""
