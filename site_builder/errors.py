"""The exceptions that mean a user mistake (shown as one line), gathered for cli.py."""

from .articles import ContentError
from .config import ConfigError
from .lock import LockError
from .memory import MemoryFileError
from .parse import ParseError
from .render_env import TemplateError
from .serve import ServeError
from .sources import SeedError
from .translate import ModelError
from .write import WriteError

USAGE_ERRORS = (ConfigError,)
USER_ERRORS = (
    ContentError, LockError, MemoryFileError, ModelError, ParseError, SeedError, ServeError,
    TemplateError, WriteError,
)
