"""Domain actions called by views and CLI commands; views stay thin."""
