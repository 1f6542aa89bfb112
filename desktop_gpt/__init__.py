"""Desktop GPT: chat with your own documents, entirely on this machine."""

from desktop_gpt.core.app.privacy import lock_down

__version__ = "0.1.0"

# Before anything else in the app is imported, and so before any native library loads: the
# switches that stop libraries from reaching out on their own (see desktop_gpt/core/app/privacy.py).
lock_down()
