"""Use cases over a database session: what the GUI and the command line both call."""
