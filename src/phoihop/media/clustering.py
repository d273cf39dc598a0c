"""Which story an article tells: MinHash signatures over word shingles, banded into an LSH
index kept in the database, so that a syndicated copy or a lightly edited reprint joins the
cluster of the story it copies and a different story starts its own.

- Text: title, lead and body folded (core.text.fold: no diacritics, đ→d, lower case), so a copy
  that lost or changed its diacritics is still a copy.
- Shingles: runs of SHINGLE_WORDS consecutive words (Vietnamese words are syllables; 4 of them
  are about two words, specific enough that two different stories share few).
- Signature: datasketch's MinHash with NUM_PERM permutations (uint32 values), stored on the
  article so that the comparison survives restarts without reading text again.
- Index: the signature cut into BANDS bands of ROWS values; each band hashed to 64 bits and
  stored as a `BandKey` row per (hash, cluster). Candidates are the clusters sharing a band;
  the article joins the candidate whose members' estimated Jaccard similarity is highest, if it
  reaches THRESHOLD; otherwise it starts a cluster.
See docs/adr/0024-press-stories-by-minhash-in-the-database.md for the numbers and why the
index lives in the database.
"""

import hashlib
import re
import struct

import numpy as np
from datasketch import MinHash
from django.db.models import Count

from phoihop.core.text import fold

from .models import Article, BandKey, Cluster

NUM_PERM = 120
BANDS = 40
ROWS = NUM_PERM // BANDS  # 3 values a band: see the probabilities in the ADR
# An article joins a story when this share of the shorter text's shingles is in a member
# (containment, from the estimated Jaccard similarity and the two shingle counts): a reprint
# that cut the last paragraphs or added a line of its own is still the story.
THRESHOLD = 0.5
# Below this many shingles (a title-only sitemap entry) containment says little: Jaccard then.
MIN_SHINGLES_FOR_CONTAINMENT = 20
SHINGLE_WORDS = 4
SEED = 1  # fixed: signatures stored years apart must be comparable
# datasketch's permutation scheme since 2.0 (32-bit values); a stored signature is comparable
# only with signatures of the same scheme and seed, so changing either means re-signing all.
SCHEME = "affine32"
# Members of a candidate cluster compared with a new article: the latest ones (a story's copies
# resemble each other; comparing with hundreds of them would buy nothing).
MEMBERS_COMPARED = 20
# Clusters looked at per article: a boilerplate band (a common footer) can be shared by many.
MAX_CANDIDATES = 10
WORD = re.compile(r"\w+")
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)  # its permutations, computed once


def shingles(text: str) -> set[bytes]:
    words = WORD.findall(fold(text))
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> tuple[np.ndarray, int]:
    """The MinHash values of the text's shingles, and how many shingles it has."""
    minhash = MinHash(
        num_perm=NUM_PERM, seed=SEED, permutations=_TEMPLATE.permutations, scheme=SCHEME
    )
    found = shingles(text)
    if found:
        minhash.update_batch(list(found))
    return minhash.hashvalues.astype(np.uint32), len(found)


def to_bytes(values: np.ndarray) -> bytes:
    return values.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u4")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures: the share of equal values."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def containment(a: np.ndarray, size_a: int, b: np.ndarray, size_b: int) -> float:
    """The estimated share of the smaller set inside the other: |A∩B| = J(|A|+|B|)/(1+J)."""
    jaccard = similarity(a, b)
    smaller = min(size_a, size_b)
    if smaller < MIN_SHINGLES_FOR_CONTAINMENT:
        return jaccard
    return min(1.0, jaccard * (size_a + size_b) / ((1 + jaccard) * smaller))


def band_keys(values: np.ndarray) -> list[int]:
    """One signed 64-bit hash per band (the band's number mixed in, so equal values in two
    different bands do not collide)."""
    raw = values.astype("<u4").tobytes()
    width = ROWS * 4
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            raw[band * width : (band + 1) * width], digest_size=8, salt=struct.pack("<Q", band)
        ).digest()
        keys.append(struct.unpack("<q", digest)[0])
    return keys


def best_cluster(values: np.ndarray, size: int, keys: list[int]) -> Cluster | None:
    """The cluster the article belongs to, or None for a new story. Candidates are the
    clusters sharing the most bands with it (a common phrase may put thousands of clusters in
    one band; the story the article copies shares many)."""
    candidates = (
        BandKey.objects.filter(key__in=keys)
        .values("cluster_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "-cluster_id")
        .values_list("cluster_id", flat=True)[:MAX_CANDIDATES]
    )
    best, best_score = None, THRESHOLD
    for cluster_id in list(candidates):
        members = Article.objects.filter(cluster_id=cluster_id).order_by("-pk")
        for stored, stored_size in members.values_list("signature", "shingle_count")[
            :MEMBERS_COMPARED
        ]:
            score = containment(values, size, from_bytes(stored), stored_size)
            if score >= best_score:
                best, best_score = cluster_id, score
    return Cluster.objects.get(pk=best) if best else None


def remember_bands(cluster: Cluster, keys: list[int]) -> None:
    """Add the cluster's band hashes it does not have yet."""
    have = set(BandKey.objects.filter(cluster=cluster, key__in=keys).values_list("key", flat=True))
    BandKey.objects.bulk_create(
        [BandKey(key=key, cluster=cluster) for key in dict.fromkeys(keys) if key not in have]
    )
