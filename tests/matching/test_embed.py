"""The numpy all-MiniLM-L6-v2 encoder: agrees with sentence-transformers, caches, verifies files."""

import os
import zipfile
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from scipy.special import erf

from planner.matching.embed import (
    DIMENSION,
    INSTALL_HINT,
    Encoder,
    ModelUnavailable,
    cache_key,
    cosine,
    default_encoder,
    find_model_file,
    pack,
    read_model_files,
    unpack,
    verify_sha256,
)
from planner.matching.embed import _gelu as gelu


@pytest.fixture(scope="module")
def encoder():
    """Return the shared encoder; without the model package skip locally, fail under CI."""
    shared = default_encoder()
    if shared is None:
        message = f"model package missing: {INSTALL_HINT}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return shared


@pytest.fixture
def fresh(encoder):
    """Return a second encoder on the same weights with an empty cache."""
    return Encoder(encoder.model)


def test_matches_sentence_transformers_published_similarities(fresh):
    # sentence-transformers' quickstart prints these for all-MiniLM-L6-v2 (4 decimals).
    vectors = fresh.encode(
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    )
    similarity = cosine(vectors, vectors)
    published = np.array([[1.0, 0.6660, 0.1046], [0.6660, 1.0, 0.1411], [0.1046, 0.1411, 1.0]])
    np.testing.assert_allclose(similarity, published, atol=1e-4)


def test_matches_sentence_transformers_published_paraphrase_scores(fresh):
    # sentence-transformers' paraphrase-mining example, all-MiniLM-L6-v2, top ten pairs.
    sentences = [
        "The cat sits outside",
        "A man is playing guitar",
        "I love pasta",
        "The new movie is awesome",
        "The cat plays in the garden",
        "A woman watches TV",
        "The new movie is so great",
        "Do you like pizza?",
    ]
    published = {
        (3, 6): 0.8939,
        (0, 4): 0.6788,
        (2, 7): 0.5096,
        (2, 6): 0.2560,
        (2, 3): 0.2440,
        (1, 4): 0.2105,
        (3, 7): 0.1969,
        (6, 7): 0.1692,
        (0, 5): 0.1310,
        (4, 7): 0.0900,
    }
    similarity = cosine(*[fresh.encode(sentences)] * 2)
    for (i, j), score in published.items():
        assert similarity[i, j] == pytest.approx(score, abs=1e-4), (sentences[i], sentences[j])


@pytest.mark.parametrize(
    ("anchor", "near", "far"),
    [
        ("plumber fixing leaking pipes", "burst pipe in my kitchen", "tax return filing"),
        ("estate planning attorney", "help writing a will and a trust", "commercial roofing"),
        ("keep our office wifi running", "managed IT support", "wedding photographer"),
        ("mortgage broker", "home loans for first-time buyers", "dog grooming salon"),
    ],
)
def test_related_texts_are_closer_than_unrelated(fresh, anchor, near, far):
    a, b, c = fresh.encode([anchor, near, far])
    assert float(a @ b) > float(a @ c) + 0.1


def test_vectors_are_unit_float32_rows(fresh):
    vectors = fresh.encode(["bookkeeper", "a much longer description of a small accounting firm"])
    assert vectors.shape == (2, DIMENSION)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_batch_equals_one_by_one(encoder):
    texts = ["HVAC", "looking for GCs who need a reliable electrician", "CPA", "wifi", "roofer"]
    batched = Encoder(encoder.model).encode(texts)
    single = Encoder(encoder.model)
    one_by_one = np.vstack([single.encode([t]) for t in texts])
    np.testing.assert_allclose(batched, one_by_one, atol=1e-5)


def test_fresh_encoders_give_the_same_vectors(encoder):
    text = ["physical therapy clinic on the east side"]
    np.testing.assert_array_equal(Encoder(encoder.model).encode(text), encoder.encode(text))


def test_repeated_text_comes_from_the_cache(fresh):
    first = fresh.encode(["senior living placement advisor"])
    assert fresh.cached("senior  living placement advisor ")
    marker = np.full((1, DIMENSION), 0.5, dtype=np.float32)
    fresh.remember(["senior living placement advisor"], marker)
    np.testing.assert_array_equal(fresh.encode(["senior living placement advisor"]), marker)
    assert not np.array_equal(first, marker)


def test_cache_drops_oldest_texts_beyond_its_size(encoder):
    small = Encoder(encoder.model, max_cached=2)
    small.encode(["one", "two", "three"])
    assert [small.cached(t) for t in ("one", "two", "three")] == [False, True, True]


def test_duplicates_and_blanks_in_one_call(fresh):
    vectors = fresh.encode(["caterer", "", "  caterer  ", "   "])
    np.testing.assert_array_equal(vectors[0], vectors[2])
    assert not vectors[1].any() and not vectors[3].any()
    assert cosine(vectors[1], vectors[0])[0, 0] == 0.0


def test_text_longer_than_the_model_limit_is_truncated(fresh):
    long_text = " ".join(["referrals for commercial cleaning contracts"] * 100)
    assert fresh.model.token_ids([long_text])[0].size == 256
    assert fresh.encode([long_text]).shape == (1, DIMENSION)


def test_whitespace_runs_share_a_cache_key():
    assert cache_key("  wedding\tplanner \n") == "wedding planner"
    assert cache_key(None) == ""


def test_default_encoder_is_shared(encoder):
    assert default_encoder() is encoder


def test_sha256_mismatch_is_refused():
    with pytest.raises(ModelUnavailable, match="SHA-256"):
        verify_sha256(b"not the weights", "0" * 64, "test")


def test_tampered_model_zip_is_refused(tmp_path):
    fake = tmp_path / "model.zip"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("model.safetensors", b"\0" * 64)
        archive.writestr("tokenizer.json", "{}")
    with pytest.raises(ModelUnavailable):
        read_model_files(fake)


def test_model_zip_without_tokenizer_is_refused(tmp_path):
    partial = tmp_path / "model.zip"
    with zipfile.ZipFile(partial, "w") as archive:
        archive.writestr("model.safetensors", b"\0" * 64)
    with pytest.raises(ModelUnavailable, match="cannot read"):
        read_model_files(partial)


def test_missing_distribution_is_not_found():
    assert find_model_file([("no-such-tablewise-model", "x/model.zip")]) is None


def test_gelu_matches_the_exact_erf_form():
    x = np.concatenate([np.linspace(-12, 12, 20001), [0.0, -0.0, 1e-30, -1e-30]])
    exact = 0.5 * x * (1 + erf(x / np.sqrt(2)))
    given = x.astype(np.float32)
    result = gelu(given)
    np.testing.assert_allclose(result, exact, atol=1e-6, rtol=1e-6)
    np.testing.assert_array_equal(given, x.astype(np.float32))  # input left as it was


def test_stored_vector_of_the_wrong_size_is_refused(fresh):
    with pytest.raises(ValueError, match="384"):
        fresh.remember(["florist"], [np.zeros(128, dtype=np.float32)])


def test_concurrent_callers_get_the_same_vectors(encoder):
    texts = [f"bookkeeping for {n} restaurants" for n in range(1, 41)]
    shared = Encoder(encoder.model)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(shared.encode, [texts] * 4))
    for result in results[1:]:
        np.testing.assert_array_equal(result, results[0])
    np.testing.assert_allclose(results[0], Encoder(encoder.model).encode(texts), atol=1e-6)


def test_packed_vectors_come_back_unchanged(fresh):
    vectors = fresh.encode(["roofer", "", "HVAC repair for restaurants"])
    blob = pack(vectors)
    assert len(blob) == 3 * DIMENSION * 4
    restored = unpack(blob)
    assert restored.dtype == np.float32 and restored.flags.writeable
    np.testing.assert_array_equal(restored, vectors)


def test_unpack_refuses_a_truncated_blob():
    with pytest.raises(ValueError, match="384"):
        unpack(b"\0" * (DIMENSION * 4 - 1))


def test_remembered_vectors_are_copies(fresh):
    stored = np.full((2, DIMENSION), 0.25, dtype=np.float32)
    fresh.remember(["tailor", "cobbler"], stored)
    stored[:] = 0.0
    np.testing.assert_array_equal(fresh.encode(["tailor"]), np.full((1, DIMENSION), 0.25))
