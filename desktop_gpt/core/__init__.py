"""The Qt-free engine room: loading, chunking, embedding, storing, retrieving, answering.

Nothing in this package may import Qt; ``tests/fast/test_architecture.py`` enforces it.
"""
