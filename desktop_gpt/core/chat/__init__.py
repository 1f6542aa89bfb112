"""Answering: retrieval-augmented prompts, the chat back ends, and saved conversations."""
