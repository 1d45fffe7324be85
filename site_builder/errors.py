"""The bases of the errors that mean a user mistake: cli.py shows them as one line.

Each stage defines its own error (ContentError, SeedError, …) on one of these bases; this module
imports nothing, so every stage can import it and the command line needs no list of them.
"""


class UserError(Exception):
    """Bad input or a failing file: one line naming the file (and line); exit status 1."""


class UsageError(UserError):
    """A wrong command line, configuration or output folder; exit status 2."""
