"""The app's own infrastructure: paths, typed settings, errors, the workspace that wires the core, privacy switches."""
