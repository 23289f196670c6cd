"""Pydantic models: content (questionnaires, policies, answers) and results."""
