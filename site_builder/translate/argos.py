"""Argos Translate zh->en packages: find, install, remove, and run one with CTranslate2.

argostranslate is imported inside the functions: `argostranslate.package` is light, but its
`translate` module (reached by install and uninstall) pulls in stanza and torch, which a build
whose translations are all remembered must never pay for.
"""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path
from typing import Any

from site_builder.config import TranslationConfig
from site_builder.errors import UserError

log = logging.getLogger(__name__)
# Argos logs fetch failures itself (to stderr via logging's last resort); ModelError says more.
logging.getLogger("argostranslate").addHandler(logging.NullHandler())

HOW_TO_INSTALL = (
    "install one with `site-builder model install --file PATH.argosmodel` "
    "(or `site-builder model install` with internet access), or build Chinese only with `--lang zh`"
)


class ModelError(UserError):
    """No usable zh->en model; the message says how to get one."""


def package_label(pkg: Any) -> str:
    """Return "translate-zh_en 1.9": the package's argospm name and version."""
    return f"{pkg.type}-{pkg.from_code}_{pkg.to_code} {pkg.package_version}".strip()


def find_package(packages_dir: Path | None = None) -> Any | None:
    """Return the installed zh->en argostranslate Package with the highest version, or None."""
    from argostranslate import package

    try:
        installed = package.get_installed_packages([packages_dir] if packages_dir else None)
    except (OSError, ValueError) as exc:  # a package folder without (valid) metadata.json
        raise ModelError(f"broken Argos package installation: {exc}") from None
    zh_en = [
        pkg
        for pkg in installed
        if pkg.type == "translate" and pkg.from_code == "zh" and pkg.to_code == "en"
    ]
    return max(zh_en, key=_version) if zh_en else None


def _version(pkg: Any) -> Any:
    """Sort key for package versions; unparsable versions sort first."""
    import packaging.version

    try:
        return (1, packaging.version.parse(pkg.package_version))
    except packaging.version.InvalidVersion:
        return (0, pkg.package_version)


def ensure_package(allow_download: bool) -> Any:
    """Return the installed zh->en package, installing it from the index if allowed."""
    pkg = find_package()
    if pkg is not None:
        return pkg
    if not allow_download:
        raise ModelError(f"no Argos zh->en translation model is installed: {HOW_TO_INSTALL}")
    install_from_index()
    pkg = find_package()
    if pkg is None:
        raise ModelError(f"installing the zh->en model did not work: {HOW_TO_INSTALL}")
    return pkg


def install_from_index() -> str:
    """Download the newest zh->en package from the Argos package index and install it."""
    from argostranslate import package, settings

    # get_available_packages() recurses forever when the index cannot be fetched, so fetch
    # it ourselves and read the file.
    package.update_package_index()
    index_file = Path(settings.local_package_index)
    try:
        entries = json.loads(index_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ModelError(
            f"cannot fetch the Argos package index {settings.remote_package_index}: "
            + HOW_TO_INSTALL
        ) from None
    zh_en = [
        package.AvailablePackage(meta)
        for meta in entries
        if isinstance(meta, dict) and meta.get("from_code") == "zh" and meta.get("to_code") == "en"
    ]
    if not zh_en:
        raise ModelError(f"the Argos package index has no zh->en model: {HOW_TO_INSTALL}")
    available = max(zh_en, key=_version)
    try:
        archive = available.download()
    except Exception as exc:  # argostranslate raises bare Exception on download failure
        raise ModelError(f"downloading {package_label(available)} failed ({exc}): "
                         + HOW_TO_INSTALL) from None
    try:
        return install_from_file(archive)
    finally:
        archive.unlink(missing_ok=True)


def install_from_file(path: Path) -> str:
    """Install a .argosmodel file after checking it; return the package name and version."""
    metadata = _check_archive(path)
    from argostranslate import package

    package.install_from_path(path)
    name = f"{metadata.get('type', 'translate')}-zh_en {metadata.get('package_version', '')}"
    log.info("installed %s from %s", name.strip(), path)
    return name.strip()


def _check_archive(path: Path) -> dict[str, Any]:
    """Return the metadata of a zh->en .argosmodel, or raise ModelError naming the file."""
    try:
        with zipfile.ZipFile(path) as archive:
            damaged = archive.testzip()
            names = archive.namelist()
            meta_names = [n for n in names if n.count("/") == 1 and n.endswith("/metadata.json")]
            if damaged or len(meta_names) != 1:
                raise ModelError(f"{path}: not a valid .argosmodel (damaged or no metadata.json)")
            metadata = json.loads(archive.read(meta_names[0]))
    except FileNotFoundError:
        raise ModelError(f"{path}: no such file") from None
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ModelError(f"{path}: not a valid .argosmodel ({exc})") from None
    root = meta_names[0].split("/")[0]
    if f"{root}/model/model.bin" not in names:  # without weights it installs, then cannot load
        raise ModelError(f"{path}: not a valid .argosmodel (no model/model.bin)")
    if (metadata.get("from_code"), metadata.get("to_code")) != ("zh", "en"):
        raise ModelError(f"{path}: translates {metadata.get('from_code')}->"
                         f"{metadata.get('to_code')}, not zh->en")
    return metadata


def list_packages() -> list[str]:
    """Return "name version (path)" for every installed Argos package."""
    from argostranslate import package

    installed = package.get_installed_packages()
    return [f"{package_label(pkg)} ({pkg.package_path})" for pkg in installed]


def remove_package() -> str:
    """Uninstall the installed zh->en package; return its name and version."""
    pkg = find_package()
    if pkg is None:
        raise ModelError("no Argos zh->en translation model is installed")
    from argostranslate import package

    package.uninstall(pkg)
    return package_label(pkg)


class ArgosTranslator:
    """Run an Argos package's CTranslate2 model directly, one batched call per request."""

    def __init__(self, pkg: Any, cfg: TranslationConfig) -> None:
        import ctranslate2

        self.name = package_label(pkg)
        self._cfg = cfg
        self._tokenizer = getattr(pkg, "tokenizer", None)
        if self._tokenizer is None:
            raise ModelError(f"{pkg.package_path}: package has no tokenizer model")
        self._prefix = getattr(pkg, "target_prefix", "") or ""
        try:
            self._model = ctranslate2.Translator(
                str(pkg.package_path / "model"),
                device="cpu",
                compute_type=cfg.compute_type,
                inter_threads=cfg.inter_threads,
                intra_threads=cfg.intra_threads,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"{pkg.package_path}: cannot load the model: {exc}") from None

    def translate(self, segments: list[str]) -> list[str]:
        """Translate segments with a single translate_batch call."""
        if not segments:
            return []
        tokens = [self._tokenizer.encode(segment) for segment in segments]
        prefix = [[self._prefix] for _ in tokens] if self._prefix else None
        results = self._model.translate_batch(
            tokens,
            target_prefix=prefix,
            batch_type="tokens",
            max_batch_size=self._cfg.max_batch_tokens,
            beam_size=self._cfg.beam_size,
            max_decoding_length=self._cfg.max_decoding_length,
            replace_unknowns=True,
            length_penalty=0.2,  # as argostranslate does, so output matches its own
        )
        return [self._decode(result.hypotheses[0]) for result in results]

    def _decode(self, tokens: list[str]) -> str:
        if self._prefix and tokens[:1] == [self._prefix]:
            tokens = tokens[1:]
        return self._tokenizer.decode(tokens).strip()
