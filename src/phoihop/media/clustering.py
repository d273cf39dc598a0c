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
import unicodedata
from collections import defaultdict

import numpy as np
from datasketch import MinHash
from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from .models import Article, BandKey

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


class _Folded(dict):
    """core.text.fold one character at a time, remembered (a str.translate table filled as
    characters are met): a character's decomposition less its combining marks. Folding a text
    character by character is folding it whole, as far as its words go: canonical reordering
    moves only combining marks, which are dropped, and lower-casing comes after, on the whole
    text, as in fold (tests/media/test_clustering.py compares the two)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        decomposed = unicodedata.normalize(
            "NFD", "d" if char == "đ" else "D" if char == "Đ" else char
        )
        folded = self[code] = "".join(c for c in decomposed if not unicodedata.combining(c))
        return folded


_D = {"đ": "d", "Đ": "D"}  # a letter of its own, not a d with a mark
_FOLDED = _Folded()


def folded_words(text: str) -> list[str]:
    """The words of `fold(text)`, without folding the text a character at a time in Python."""
    return WORD.findall(text.translate(_FOLDED).lower())


def shingles(text: str) -> set[bytes]:
    words = folded_words(text)
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


class NewStory:
    """A story started within the batch being clustered (its row is written after)."""

    def __init__(self, ordinal: int):
        self.ordinal = ordinal


# A candidate is a stored cluster's id or a story started in this batch.
Candidate = int | NewStory


class BatchClusterer:
    """Puts a batch of articles in their stories with two reads for the whole batch: the
    stored clusters sharing a band with any of its articles (over the unique index: one
    `key = ANY(array)` on PostgreSQL, `key IN (...)` 5,000 keys a statement on SQLite) and
    the latest members' signatures of the candidate clusters (one windowed query). Articles
    are then placed one after the other in memory, oldest first, so a copy joins a story
    started earlier in the same batch. The caller writes the new stories, the articles and
    `new_bands()`.

    The candidates of an article are the (at most MAX_CANDIDATES) stories sharing the most
    bands with it; it joins the one whose member it contains best, if that reaches THRESHOLD
    (see the ADR: the rule is the single-article rule, batched)."""

    def __init__(self, keys_of_batch: list[list[int]]):
        self.bands: dict[int, set[Candidate]] = defaultdict(set)
        for key, cluster_id in stored_bands({k for keys in keys_of_batch for k in keys}):
            self.bands[key].add(cluster_id)
        self.stored_pairs = {(k, c) for k, found in self.bands.items() for c in found}
        stored = set()
        for keys in keys_of_batch:
            stored.update(c for c in self._candidates(keys) if isinstance(c, int))
        self.members: dict[Candidate, list[tuple[np.ndarray, int]]] = latest_members(stored)
        self.new_stories: list[NewStory] = []
        self.placed: list[tuple[list[int], Candidate]] = []

    def _candidates(self, keys: list[int]) -> list[Candidate]:
        shared: dict[Candidate, int] = defaultdict(int)
        for key in set(keys):
            for candidate in self.bands.get(key, ()):
                shared[candidate] += 1
        ranked = sorted(shared.items(), key=lambda item: (item[1], _newness(item[0])), reverse=True)
        return [candidate for candidate, _count in ranked[:MAX_CANDIDATES]]

    def place(self, values: np.ndarray, size: int, keys: list[int]) -> Candidate:
        """The story of one article (a stored cluster's id, or a NewStory); remembers the
        article as the story's latest member and its bands as the story's."""
        best, best_score = None, THRESHOLD
        for candidate in self._candidates(keys):
            for stored, stored_size in self.members.get(candidate, ()):
                score = containment(values, size, stored, stored_size)
                if score >= best_score:
                    best, best_score = candidate, score
        if best is None:
            best = NewStory(len(self.new_stories))
            self.new_stories.append(best)
        members = self.members.setdefault(best, [])
        members.insert(0, (values, size))
        del members[MEMBERS_COMPARED:]
        for key in keys:
            self.bands[key].add(best)
        self.placed.append((keys, best))
        return best

    def new_bands(self, cluster_id_of) -> list[tuple[int, int]]:
        """The band rows the batch adds, (key, cluster id): each placed article's bands its
        story lacks. `cluster_id_of(candidate)` gives the id of a story (new ones are written
        by then). `write_bands` stores them."""
        rows = set()
        for keys, candidate in self.placed:
            cluster_id = cluster_id_of(candidate)
            stored = isinstance(candidate, int)
            for key in keys:
                if stored and (key, candidate) in self.stored_pairs:
                    continue
                rows.add((key, cluster_id))
        return sorted(rows)


def write_bands(rows: list[tuple[int, int]]) -> None:
    """Stores band rows (key, cluster id), those already there left as they are, in one
    statement: plain values, not 40 model objects an article (they were a fifth of an
    import's time)."""
    if not rows:
        return
    table = BandKey._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (key, cluster_id) SELECT * FROM unnest(%s::bigint[],"
                " %s::bigint[]) ON CONFLICT DO NOTHING",
                [_array(key for key, _c in rows), _array(cluster for _k, cluster in rows)],
            )
        else:
            cursor.executemany(
                f"INSERT OR IGNORE INTO {table} (key, cluster_id) VALUES (%s, %s)", rows
            )


def _newness(candidate: Candidate) -> int:
    """Among stories sharing as many bands, the newest first (as the single lookup ordered by
    -cluster_id): a story of this batch is newer than any stored one."""
    return candidate if isinstance(candidate, int) else (1 << 62) + candidate.ordinal


# Band keys read in one statement (well under SQLite's and PostgreSQL's parameter limits).
BAND_LOOKUP_CHUNK = 5000


def _array(values) -> str:
    """A PostgreSQL array literal of integers: one text parameter, where a list of 20,000
    Python ints was adapted one by one (a tenth of an import's time)."""
    return "{" + ",".join(map(str, values)) + "}"


def stored_bands(keys: set[int]) -> list[tuple[int, int]]:
    """(key, cluster id) of every stored band among `keys`, read through the unique index."""
    ordered = sorted(keys)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT key, cluster_id FROM {BandKey._meta.db_table}"
                " WHERE key = ANY(%s::bigint[])",
                [_array(ordered)],
            )
            return cursor.fetchall()
    found = []
    for start in range(0, len(ordered), BAND_LOOKUP_CHUNK):
        chunk = ordered[start : start + BAND_LOOKUP_CHUNK]
        found += BandKey.objects.filter(key__in=chunk).values_list("key", "cluster_id")
    return found


def latest_members(cluster_ids: set[int]) -> dict[Candidate, list[tuple[np.ndarray, int]]]:
    """The signatures of each cluster's latest MEMBERS_COMPARED articles, newest first, in
    one query (a story reprinted a thousand times is read twenty rows deep)."""
    if not cluster_ids:
        return {}
    latest = Window(RowNumber(), partition_by=F("cluster_id"), order_by=F("pk").desc())
    rows = (
        Article.objects.filter(cluster_id__in=sorted(cluster_ids))
        .annotate(rank=latest)
        .filter(rank__lte=MEMBERS_COMPARED)
        .order_by("cluster_id", "-pk")
        .values_list("cluster_id", "signature", "shingle_count")
    )
    members: dict[Candidate, list[tuple[np.ndarray, int]]] = defaultdict(list)
    for cluster_id, stored, size in rows:
        members[cluster_id].append((from_bytes(stored), size))
    return dict(members)
