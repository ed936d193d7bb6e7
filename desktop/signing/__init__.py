"""The ground floor: this desk's identity, the minisign format and canonical JSON.

Nothing here imports any other part of the program but ``desktop.fileio``."""
