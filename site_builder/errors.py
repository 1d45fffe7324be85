"""The exceptions that mean a user mistake (shown as one line), gathered for cli.py."""

from site_builder.config import ConfigError
from site_builder.content.markdown import ContentError
from site_builder.output.guard import OutputError
from site_builder.output.lock import LockError
from site_builder.output.write import WriteError
from site_builder.parse.page import ParseError
from site_builder.parse.sources import SeedError
from site_builder.render.env import TemplateError
from site_builder.serve.server import ServeError
from site_builder.translate.articles import ModelError
from site_builder.translate.memory import MemoryFileError

USAGE_ERRORS = (ConfigError, OutputError)
USER_ERRORS = (
    ContentError, LockError, MemoryFileError, ModelError, ParseError, SeedError, ServeError,
    TemplateError, WriteError,
)
