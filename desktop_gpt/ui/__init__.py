"""The Qt desktop app: a thin layer over :mod:`desktop_gpt.core`."""
