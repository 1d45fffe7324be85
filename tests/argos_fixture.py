"""Build a tiny but real Argos Translate zh->en package and serve it from a loopback index.

The package is laid out exactly like the published ones (a top-level folder holding `model/`,
`sentencepiece.model` and `metadata.json`, zipped as `.argosmodel`), so argostranslate's own
install code and CTranslate2 load it unchanged. Its weights are random: the English is nonsense,
which is all the tests need to check the mechanics. bench/translate.py reuses it at full size.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
GAIN = 3.0  # weights this large make the random output depend on the input

ENGLISH_LINES = (
    "Yiwu has expanded its circle of international sister cities to fifty-one.",
    "A group of young foreign entrepreneurs completed a training programme in Yiwu.",
    "The city published a list of licensed fireworks retail outlets.",
    "Retailers must keep purchase and sales records and display safety notices.",
    "A local company released an automated sewing system driven by artificial intelligence.",
    "The host said the Spring Festival gala brought a stronger Chinese flavour.",
    "Freight trains link Yiwu with cities across Europe and Central Asia.",
    "Hospitals in both cities will cooperate on medical training and surgery.",
    "Residents should buy fireworks only from licensed shops and carry an identity card.",
    "The market is so large that visitors cannot see it all in two or three days.",
    "Staff report from our correspondent in Yiwu on Monday.",
    "Scan the QR code to see the list of retail outlets.",
)


@dataclass(frozen=True)
class ModelSize:
    """Shape of the random Transformer; the defaults give a package of about 1 MB."""

    layers: int = 2
    heads: int = 2
    d_model: int = 64
    ffn: int = 128
    vocab: int = 1200
    quantization: str | None = None  # e.g. "int8"; None keeps float32


def training_lines(extra: tuple[str, ...] = ()) -> list[str]:
    """Return the Chinese seed lines plus English sentences to train SentencePiece on."""
    lines = [
        line.strip()
        for path in sorted(SEEDS_DIR.glob("*.txt"))
        for line in path.read_text(encoding="utf-8-sig").splitlines()
        if line.strip()
    ]
    return lines + list(ENGLISH_LINES) * 3 + list(extra)


def train_sentencepiece(out_dir: Path, lines: list[str], vocab_size: int) -> Path:
    """Train a unigram SentencePiece model on `lines`; return the .model path."""
    import sentencepiece as spm

    corpus = out_dir / "corpus.txt"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(out_dir / "sentencepiece"),
        vocab_size=vocab_size,
        character_coverage=0.9995,
        hard_vocab_limit=False,  # small corpora cannot always fill the vocabulary
        minloglevel=2,
        num_threads=1,
        input_sentence_size=200_000,
        shuffle_input_sentence=False,
    )
    corpus.unlink()
    (out_dir / "sentencepiece.vocab").unlink()
    return out_dir / "sentencepiece.model"


def spm_vocabulary(model_file: Path) -> list[str]:
    """Return the pieces of a SentencePiece model in id order (CTranslate2's shared vocab)."""
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_file=str(model_file))
    return [proc.id_to_piece(i) for i in range(proc.get_piece_size())]


def build_ct2_model(model_dir: Path, vocab: list[str], size: ModelSize, seed: int = 0) -> None:
    """Write a CTranslate2 Transformer with random weights and a shared vocabulary."""
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(size.layers, size.heads)
    rng = np.random.default_rng(seed)
    _fill_random(spec, size, len(vocab), rng)
    spec.decoder.projection.bias = _output_bias(vocab)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    if size.quantization:
        spec.optimize(quantization=size.quantization)
    model_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(model_dir))


def _output_bias(vocab: list[str]) -> np.ndarray:
    """Forbid special and CJK pieces so the nonsense output at least looks like English."""
    # Random decoders rarely emit </s>: forbidding it makes every output exactly
    # max_decoding_length tokens long, which is deterministic, non-empty and bounded.
    bias = np.zeros(len(vocab), dtype=np.float32)
    for i, piece in enumerate(vocab):
        if piece in ("<unk>", "<s>", "</s>") or any("\u3000" <= ch <= "\u9fff" for ch in piece):
            bias[i] = -1e4
    return bias


def _fill_random(spec: object, size: ModelSize, vocab_size: int, rng: np.random.Generator) -> None:
    """Set every unset weight of the spec, shaped the way the OpenNMT converters shape them."""
    from ctranslate2.specs import common_spec, model_spec

    d = size.d_model

    def linear_shape(scope: str) -> tuple[int, int]:
        parts = scope.split("/")
        name, owner = parts[-2], parts[-3] if len(parts) > 2 else ""
        if name == "projection":
            return vocab_size, d
        if owner == "ffn":
            return (size.ffn, d) if name == "linear_0" else (d, size.ffn)
        fused = {"self_attention": {"linear_0": 3}, "attention": {"linear_1": 2}}
        return fused.get(owner, {}).get(name, 1) * d, d

    def fill(layer: object, scope: str, value: object) -> None:
        attr = scope.split("/")[-1]
        if value is not None:
            return
        if isinstance(layer, common_spec.LayerNormSpec):
            array = np.ones(d) if attr == "gamma" else np.zeros(d)
        elif isinstance(layer, common_spec.EmbeddingsSpec):
            array = rng.normal(0, 1, (vocab_size, d))
        elif isinstance(layer, common_spec.LinearSpec):
            rows, cols = linear_shape(scope)
            array = rng.normal(0, GAIN * cols**-0.5, (rows, cols))
        else:
            raise ValueError(f"no random initialiser for {scope}")
        setattr(layer, attr, array.astype(np.float32))

    model_spec.visit_spec(spec, fill)


def build_package(
    out_dir: Path,
    version: str = "1.0",
    size: ModelSize | None = None,
    extra_lines: tuple[str, ...] = (),
) -> Path:
    """Build translate-zh_en-<version>.argosmodel in out_dir and return its path."""
    size = size or ModelSize()
    name = f"translate-zh_en-{version.replace('.', '_')}"
    pkg_dir = out_dir / "build" / name
    pkg_dir.mkdir(parents=True)
    spm_model = train_sentencepiece(pkg_dir, training_lines(extra_lines), size.vocab)
    build_ct2_model(pkg_dir / "model", spm_vocabulary(spm_model), size)
    metadata = {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": "zh",
        "from_name": "Chinese",
        "to_code": "en",
        "to_name": "English",
        "code": "translate-zh_en",
        "type": "translate",
    }
    (pkg_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    archive = out_dir / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(pkg_dir.rglob("*")):
            zf.write(path, path.relative_to(pkg_dir.parent).as_posix())
    return archive


def write_index(directory: Path, archive: Path, base_url: str) -> Path:
    """Write an Argos `index.json` whose single entry links to `archive` under base_url."""
    with zipfile.ZipFile(archive) as zf:
        metadata_name = next(n for n in zf.namelist() if n.endswith("/metadata.json"))
        entry = json.loads(zf.read(metadata_name))
    entry["links"] = [base_url + archive.name]
    index = directory / "index.json"
    index.write_text(json.dumps([entry], indent=2), encoding="utf-8")
    return index


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Keep test output clean."""


def serve_directory(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve directory on 127.0.0.1 at a free port in a daemon thread; return (url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def argos_environment(url: str, home: Path) -> dict[str, str]:
    """Return env vars that point argostranslate at `url` and keep all its dirs under home."""
    return {
        "ARGOS_PACKAGE_INDEX": url,
        "ARGOS_PACKAGES_DIR": str(home / "packages"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "ARGOS_DEVICE_TYPE": "cpu",
    }
