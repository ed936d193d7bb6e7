"""Rules of the rectification work as plain Python: no Qt, no database sessions."""
