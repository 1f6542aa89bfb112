"""The parts of the chat pane: the conversation list, the back-end picker and the sources table.
The pane itself (``ui/chat_pane.py``) is the chat session that composes them."""
