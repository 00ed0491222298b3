"""Steward review: a queue of the extractor's statements, decisions written as curation (``ruhrgraph review``)."""
