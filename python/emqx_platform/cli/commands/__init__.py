"""The command groups, one module each; each lists its top-level commands in ``COMMANDS``."""
