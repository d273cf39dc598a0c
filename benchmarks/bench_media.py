"""Press monitoring at scale (issue 18, "Proof"): ingest from files, clustering as the store
grows, the newsroom and its diacritic-free search.

Data (deterministic, on top of `benchmarks.generate`'s areas, organisations and users):
- a *background* store of `BENCH_MEDIA_ARTICLES` articles (default 100,000; 1,000,000 for the
  issue's figure) written in bulk SQL: stories of one to four copies over the last two years,
  each article with a 480-byte signature, its story's 40 band rows, a field and a province tag,
  and every story's search document (Vietnamese headlines from templates, folded text);
- *ingest* files: `BENCH_MEDIA_INGEST` articles (default 10,000) generated from templates as
  RSS files, about 20 % of the stories reprinted by 1–11 other outlets (a byline added, the
  last paragraph cut, a sentence of their own), written to a temporary folder and imported
  with `phoihop.media.pipeline.import_paths`, the path of `phoihop media_import`, the upload
  page and the fetcher.

Rows:
- `media_ingest`: articles a minute from files (read, parse, store: the goal is 5,000), with the
  store's size before it, and the time split between reading the files and storing;
- `media_cluster_cost@N`: the clustering of 2,000 new articles (half of them copies of stored
  stories), read-only, in ms per article, at a tenth of the background and at all of it (the
  goal: not growing with the store);
- the newsroom (`/press/`) and a diacritic-free search (`/press/?q=ngo doc thuc pham`), p95 at
  8 clients, as a ratio over the same user's base page (goal ≤ 3×), for a system administrator
  and a provincial specialist.

    flock /work/wt/bench.lock env DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_bench_x \\
        BENCH_MEDIA_ARTICLES=100000 .venv/bin/python -m benchmarks.run bench_media

The background is best filled before the locked run, which then finds it there:

    env DATABASE_URL=... .venv/bin/python -m benchmarks.bench_media --fill 1000000

Knobs: `BENCH_MEDIA_SIZES` (the background sizes measured, default a tenth and all of
`BENCH_MEDIA_ARTICLES`), `BENCH_MEDIA_INGEST=0` (no ingest rows), `BENCH_MEDIA_PAGES=0` (no
page rows): `BENCH_MEDIA_SIZES=100000,1000000 BENCH_MEDIA_INGEST=0 BENCH_MEDIA_PAGES=0` is the
clustering cost's growth alone.
"""

import argparse
import contextlib
import os
import random
import sys
import tempfile
import time
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from benchmarks import configure
from benchmarks.generate import without_indexes
from benchmarks.harness import Scenario, measure_scenarios

NAME = "media"
ARTICLES = int(os.environ.get("BENCH_MEDIA_ARTICLES", "100000"))
INGEST = int(os.environ.get("BENCH_MEDIA_INGEST", "10000"))  # 0: no ingest rows
# The background sizes measured (ingest and clustering cost at each), a tenth and all by
# default; e.g. BENCH_MEDIA_SIZES=100000,1000000 for the growth figure.
SIZES = [
    int(size)
    for size in os.environ.get("BENCH_MEDIA_SIZES", f"{max(1, ARTICLES // 10)},{ARTICLES}").split(
        ","
    )
]
PAGES = os.environ.get("BENCH_MEDIA_PAGES", "1") != "0"  # 0: the ingest and clustering rows only
MARKER = "https://bench-background.example/"  # the background articles' addresses start so
ITEMS_PER_FILE = 500
COST_ARTICLES = 2000
WITHOUT_INDEXES_FROM = 200_000  # articles added at once: bands and tags indexed at the end
SEARCH = "ngo doc thuc pham"

PROVINCES = (
    "Thanh Hóa", "Nghệ An", "Phú Thọ", "Hà Tĩnh", "Quảng Trị", "Huế", "Đà Nẵng", "Lâm Đồng",
    "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Cần Thơ", "An Giang", "Đồng Tháp", "Cà Mau",
    "Vĩnh Long", "Tây Ninh", "Đồng Nai", "Lào Cai", "Tuyên Quang", "Thái Nguyên", "Sơn La",
    "Điện Biên", "Lai Châu", "Cao Bằng", "Lạng Sơn", "Quảng Ninh", "Hải Phòng", "Hưng Yên",
    "Ninh Bình", "Bắc Ninh", "Quảng Ngãi", "Hà Nội", "Hồ Chí Minh",
)  # fmt: skip
COMMUNES = (
    "Hoằng Hóa", "Quảng Phú", "Thọ Xuân", "Hạc Thành", "Tân Lập", "Mai Châu", "Yên Định",
    "Nga Sơn", "Tĩnh Gia", "Ngọc Lặc", "Bá Thước", "Quan Sơn", "Mường Lát", "Như Xuân",
    "Thạch Thành", "Cẩm Thủy", "Vĩnh Lộc", "Hà Trung", "Hậu Lộc", "Đông Sơn", "Triệu Sơn",
    "Nông Cống", "Thiệu Hóa", "Sầm Sơn", "Nghi Sơn", "Lam Sơn", "Xuân Lập", "Minh Sơn",
)  # fmt: skip
# Headlines: (topic, what happened); the topic carries a field's and a negative term's words.
HEADLINES = (
    ("Ngộ độc thực phẩm", "sau bữa ăn bán trú, nhiều học sinh nhập viện"),
    ("Sạt lở đất", "nhiều hộ dân phải di dời khẩn cấp"),
    ("Tranh chấp đất đai", "người dân tụ tập phản đối việc thu hồi"),
    ("Bệnh viện quá tải", "người bệnh nằm ghép chờ phẫu thuật"),
    ("Khởi công dự án giao thông", "tổng vốn đầu tư hàng nghìn tỷ đồng"),
    ("Thu hút đầu tư", "khu kinh tế đón thêm ba dự án sản xuất"),
    ("Ô nhiễm môi trường", "cơ sở chăn nuôi xả thải ra kênh tưới"),
    ("Chuyển đổi số", "mọi thủ tục hành chính được giải quyết trực tuyến"),
    ("Giải ngân vốn đầu tư công", "nhiều dự án còn chậm tiến độ"),
    ("Xây dựng nông thôn mới", "thêm các xã đạt chuẩn nâng cao"),
    ("Mưa lũ", "nhiều tuyến đường bị chia cắt, học sinh nghỉ học"),
    ("Tuyển sinh đầu cấp", "phụ huynh xếp hàng từ sáng sớm"),
)  # fmt: skip
# Body pieces: each at most three words, so that every shingle (four words) spans two or more
# pieces and two unrelated articles share almost none, as real texts do.
SUBJECTS = (
    "Ủy ban nhân dân", "Sở Y tế", "Sở Giáo dục", "Công an tỉnh", "Ban quản lý", "nhà trường",
    "chính quyền địa phương", "người dân", "lực lượng chức năng", "đoàn kiểm tra",
    "trung tâm y tế", "Mặt trận xã", "hội nông dân", "doanh nghiệp", "các hộ dân",
    "ngành điện lực", "bộ đội biên phòng", "thanh tra tỉnh", "Báo cáo viên", "phóng viên",
)  # fmt: skip
VERBS = (
    "đã tổ chức", "cho biết", "đang xác minh", "kiến nghị", "phối hợp với", "tiếp nhận",
    "chỉ đạo", "khẩn trương", "đề nghị", "triển khai", "kiểm tra", "báo cáo", "hỗ trợ",
    "tuyên truyền", "vận động", "phản ánh", "xử lý", "khắc phục", "giám sát", "lấy mẫu",
)  # fmt: skip
OBJECTS = (
    "hiện trường", "các hộ dân", "thực phẩm", "nguồn nước", "hồ sơ", "bữa ăn", "công trình",
    "khu dân cư", "tuyến đường", "diện tích lúa", "trường học", "trạm y tế", "kênh mương",
    "mặt bằng", "vốn vay", "người bệnh", "học sinh", "lao động", "nhà văn hóa", "cây giống",
)  # fmt: skip
WHEN = (
    "sáng {d}/{m}", "chiều {d}/{m}", "tối {d}/{m}", "từ ngày {d}", "trước ngày {d}/{m}",
    "trong tuần", "đến nay", "năm {y}",
)  # fmt: skip
FIGURES = ("{n} hộ", "{n} người", "{n} học sinh", "{n} tỷ đồng", "{n} ha", "{n} ca", "{n}%")


def _phrase(rng: random.Random) -> str:
    figure = rng.choice(FIGURES).format(n=rng.randint(2, 9999))
    when = rng.choice(WHEN).format(
        d=rng.randint(1, 28), m=rng.randint(1, 12), y=rng.randint(2020, 2026)
    )
    place = f"xã {rng.choice(COMMUNES)}"
    parts = [rng.choice(SUBJECTS), place, rng.choice(VERBS), rng.choice(OBJECTS), when, figure]
    tail = parts[3:]
    rng.shuffle(tail)
    sentence = " ".join(parts[:3] + tail)
    return sentence[0].upper() + sentence[1:] + "."


def story(rng: random.Random) -> tuple[str, str, list[str]]:
    """(title, lead, paragraphs) of a new story."""
    topic, what = rng.choice(HEADLINES)
    province = rng.choice(PROVINCES)
    title = f"{topic} tại {province}: {what}"
    lead = f"{topic} ở xã {rng.choice(COMMUNES)}, tỉnh {province}. {_phrase(rng)}"
    paragraphs = [" ".join(_phrase(rng) for _ in range(rng.randint(3, 5))) for _ in range(5)]
    return title, lead, paragraphs


def reprint(rng: random.Random, title: str, lead: str, paragraphs: list[str], outlet: str):
    """A syndicated copy: another headline, a byline, the last paragraph cut, a line added."""
    kept = paragraphs[: rng.randint(3, len(paragraphs))]
    if rng.random() < 0.5:
        kept.append(_phrase(rng))
    return (
        f"{title.split(':')[0]}: {rng.choice(VERBS)} {rng.choice(OBJECTS)}",
        lead,
        [f"({outlet}) - {kept[0]}", *kept[1:], "Theo báo tỉnh."],
    )


# Ingest files ----------------------------------------------------------------------------------


def write_corpus(folder: Path, count: int, seed: int) -> tuple[int, int]:
    """RSS files of `count` articles (originals and their reprints) in `folder`; returns the
    number of articles and of stories written."""
    rng = random.Random(seed)
    base = time.time() - 3 * 86400
    outlets = [f"Báo Thử {n}" for n in range(20)]
    items: list[str] = []
    written = files = 0

    def flush():
        nonlocal items, files
        if items:
            channel = "".join(items)
            (folder / f"feed-{files:05d}.rss").write_text(
                '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>Tin tổng hợp</title><link>https://bench.example/</link>{channel}"
                "</channel></rss>",
                encoding="utf-8",
            )
            files += 1
            items = []

    n = stories = 0
    while written < count:
        stories += 1
        title, lead, paragraphs = story(rng)
        copies = rng.randint(1, 11) if rng.random() < 0.2 else 0
        versions = [(title, lead, paragraphs)]
        versions += [
            reprint(rng, title, lead, list(paragraphs), rng.choice(outlets)) for _ in range(copies)
        ]
        for k, (t, lead_text, body) in enumerate(versions):
            if written >= count:
                break
            moment = base + n * 13 + k * 600
            n += 1
            items.append(
                f"<item><title>{escape(t)}</title>"
                f"<link>https://bench{seed}-{k}.example/tin/{n}.html?utm_source=rss</link>"
                f"<pubDate>{format_datetime(_utc(moment))}</pubDate>"
                f"<description>{escape(lead_text)}</description>"
                f'<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                f"{escape(''.join(f'<p>{p}</p>' for p in body))}</content:encoded></item>"
            )
            written += 1
            if len(items) >= ITEMS_PER_FILE:
                flush()
    flush()
    return written, stories


def _utc(seconds: float):
    import datetime

    return datetime.datetime.fromtimestamp(seconds, datetime.UTC)


def measure_ingest(count: int = INGEST) -> dict:
    from phoihop.media.models import Article
    from phoihop.media.pipeline import import_articles, read_path

    before = Article.objects.count()
    with tempfile.TemporaryDirectory(prefix="bench-media-") as folder:
        written, stories = write_corpus(Path(folder), count, seed=int(time.time()))
        started = time.perf_counter()
        raws, errors = read_path(Path(folder))
        read = time.perf_counter() - started
        result = import_articles(raws)
        total = time.perf_counter() - started
    return {
        "name": "media_ingest",
        "articles": written,
        "added": result.added,
        "new_stories": result.new_clusters,
        "stories_written": stories,
        "errors": len(errors) + len(result.errors),
        "stored_before": before,
        "seconds": round(total, 1),
        "read_seconds": round(read, 1),
        "articles_per_min": round(result.added / total * 60),
        "store_articles_per_min": round(result.added / (total - read) * 60),
        "goal_per_min": 5000,
    }


# Background store (bulk SQL) -------------------------------------------------------------------


def background_count() -> int:
    from phoihop.media.models import Article

    return Article.objects.filter(url__startswith=MARKER).count()


def fill_background(target: int, out=sys.stdout) -> None:
    """Add background articles (and their stories, bands, tags, search rows) up to `target`."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from phoihop.core.text import fold
    from phoihop.media.models import Cluster
    from phoihop.org.models import Area, Field

    have = background_count()
    if have >= target:
        return
    rng = random.Random(7)
    titles = [story(rng)[0] for _ in range(997)]
    folded = [fold(t) for t in titles]
    fields = list(Field.objects.values_list("pk", flat=True))
    provinces = list(
        Area.objects.current().filter(level=Area.Level.PROVINCE).values_list("pk", flat=True)
    )
    content_type = ContentType.objects.get_for_model(Cluster).pk
    with contextlib.ExitStack() as stack:
        if target - have >= WITHOUT_INDEXES_FROM:
            # 40 band rows an article: the unique index, the foreign keys' checks at each
            # commit and the tags' indexes cost more than the rows; built once at the end.
            with connection.cursor() as cursor:  # for this session's index builds
                cursor.execute("SET maintenance_work_mem = '512MB'")
            for table in ("media_bandkey", "media_tag"):
                stack.enter_context(without_indexes(table))
        _fill(have, target, titles, folded, fields, provinces, content_type, out)
    with connection.cursor() as cursor:
        for table in ("media_article", "media_cluster", "media_bandkey", "media_tag",
                      "core_searchdocument"):  # fmt: skip
            cursor.execute(f"ANALYZE {table}")


def _fill(have, target, titles, folded, fields, provinces, content_type, out) -> None:
    from django.db import connection, transaction

    from phoihop.core.text import normalize

    chunk = 50_000
    while have < target:
        # Stories numbered from the articles already there (a story has at least one article,
        # so the numbers never meet); one story in three has two or three copies.
        first_story = have + 1
        stories = min(chunk, target - have) * 2 // 3 + 1  # 1.5 articles a story
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            params = {
                "s0": first_story, "s1": first_story + stories - 1, "titles": titles,
                "folded": folded, "normalized": [normalize(t) for t in titles],
                "fields": fields, "provinces": provinces, "ct": content_type,
                "marker": MARKER,
            }  # fmt: skip
            cursor.execute(SQL_FILL, params)
        have = background_count()
        out.write(
            f"  media background: {have:,} articles ({time.perf_counter() - started:.0f} s)\n"
        )


SQL_FILL = """
CREATE TEMP TABLE bench_mark ON COMMIT DROP AS SELECT coalesce(max(id), 0) AS m FROM media_cluster;
CREATE TEMP TABLE bench_story ON COMMIT DROP AS
SELECT s, 1 + (s %% 3 = 0)::int * (1 + s %% 3 + (s / 3) %% 2) AS copies,
       now() - ((s %% 730) || ' days')::interval - ((s %% 1440) || ' minutes')::interval AS moment,
       1 + (s::bigint * 7919) %% 997 AS t
FROM generate_series(%(s0)s, %(s1)s) AS s;

INSERT INTO media_cluster (headline, first_seen_at, last_seen_at, article_count, source_count,
                           negative)
SELECT (%(titles)s::text[])[t] || ' #' || s, moment, moment + interval '1 hour', copies, 0,
       s %% 7 = 0
FROM bench_story ORDER BY s;

CREATE TEMP TABLE bench_cluster ON COMMIT DROP AS
SELECT c.id AS cluster_id, b.* FROM media_cluster c
JOIN bench_story b ON b.s = split_part(c.headline, ' #', 2)::int
WHERE c.id > (SELECT m FROM bench_mark);

INSERT INTO media_article (key, url, title, lead, text, author, published_at, imported_at,
                           source_id, cluster_id, signature, shingle_count)
SELECT md5('bg' || s || '-' || k) || md5('gb' || s || '-' || k),
       %(marker)s || s || '-' || k || '.html', (%(titles)s::text[])[t], '',
       repeat((%(titles)s::text[])[t] || '. ', 20), '', moment + (k || ' minutes')::interval,
       now(), NULL, cluster_id, decode(repeat(md5(s::text), 30), 'hex'), 200
FROM bench_cluster, generate_series(1, copies) AS k;

-- In key order: the unique index is then filled page after page, not at random.
INSERT INTO media_bandkey (key, cluster_id)
SELECT ('x' || substr(md5(s || ':' || b), 1, 16))::bit(64)::bigint AS key, cluster_id
FROM bench_cluster, generate_series(0, 39) AS b
ORDER BY key
ON CONFLICT DO NOTHING;

INSERT INTO media_tag (article_id, cluster_id, kind, field_id, area_id, organization_id, reasons)
SELECT a.id, a.cluster_id, 'field',
       (%(fields)s::int[])[1 + a.id %% cardinality(%(fields)s::int[])], NULL::bigint,
       NULL::bigint, '[]'::jsonb
FROM media_article a JOIN bench_cluster c ON a.cluster_id = c.cluster_id
WHERE cardinality(%(fields)s::int[]) > 0
UNION ALL
SELECT a.id, a.cluster_id, 'area', NULL::bigint,
       (%(provinces)s::int[])[1 + a.id %% cardinality(%(provinces)s::int[])], NULL::bigint,
       '[]'::jsonb
FROM media_article a JOIN bench_cluster c ON a.cluster_id = c.cluster_id
WHERE cardinality(%(provinces)s::int[]) > 0;

INSERT INTO core_searchdocument (content_type_id, object_id, kind, title, title_normalized,
                                 subtitle, url, search_text, boost)
SELECT %(ct)s, cluster_id, 'press_story', (%(titles)s::text[])[t],
       (%(normalized)s::text[])[t], '', '/press/stories/' || cluster_id || '/',
       repeat((%(folded)s::text[])[t] || ' ', 6), 0
FROM bench_cluster;
"""


# Clustering cost -------------------------------------------------------------------------------


def clustering_cost(articles: int = COST_ARTICLES) -> float:
    """ms per article to cluster `articles` new ones (half copies of stored stories), read-only:
    the band lookup, the members' signatures and the comparisons, in batches of 500."""
    from phoihop.media import clustering
    from phoihop.media.models import Article
    from phoihop.media.pipeline import BATCH_SIZE

    rng = random.Random(11)
    texts = []
    stored = list(
        Article.objects.exclude(url__startswith=MARKER)
        .order_by("-pk")
        .values_list("title", "lead", "text")[: articles // 2]
    )
    for title, lead, text in stored:
        texts.append(f"{title}\n{lead}\n{text} Theo báo tỉnh.")
    while len(texts) < articles:
        title, lead, paragraphs = story(rng)
        texts.append("\n".join([title, lead, *paragraphs]))
    signed = [clustering.signature(text) for text in texts]
    keys = [clustering.band_keys(values) for values, _size in signed]
    started = time.perf_counter()
    for start in range(0, len(signed), BATCH_SIZE):
        batch = range(start, min(start + BATCH_SIZE, len(signed)))
        clusterer = clustering.BatchClusterer([keys[i] for i in batch])
        for i in batch:
            clusterer.place(*signed[i], keys[i])
    return (time.perf_counter() - started) * 1000 / len(signed)


# Pages -----------------------------------------------------------------------------------------


def _people():
    from benchmarks.generate import ADMIN_USERNAME, SPECIALIST_USERNAME
    from phoihop.org.models import User

    users = User.objects.in_bulk([ADMIN_USERNAME, SPECIALIST_USERNAME], field_name="username")
    return {"admin": users[ADMIN_USERNAME], "specialist": users[SPECIALIST_USERNAME]}


def scenarios() -> list[tuple[Scenario, str]]:
    runs = []
    for user in ("specialist", "admin"):
        runs += [
            (Scenario("press_newsroom", "/press/"), user),
            (Scenario("press_search", f"/press/?q={SEARCH.replace(' ', '+')}"), user),
        ]
    return runs


def run() -> list[dict]:
    configure()
    from benchmarks import generate

    if not generate.already_generated():
        generate.generate()
    rows, costs = [], []
    for size in SIZES:
        fill_background(size)
        if INGEST:
            rows.append(measure_ingest() | {"name": f"media_ingest@{size:,}"})
            print(f"  {rows[-1]}", flush=True)  # kept in the log if the pages fail
        costs.append(
            {
                "name": f"media_cluster_cost@{size:,}",
                "background_articles": background_count(),
                "ms_per_article": round(clustering_cost(), 2),
            }
        )
        rows.append(costs[-1])
        print(f"  {rows[-1]}", flush=True)
    first, last = costs[0]["ms_per_article"], costs[-1]["ms_per_article"]
    costs[-1]["growth_ratio"] = round(last / first, 2) if first else None
    if not PAGES:
        return rows
    sizes = {"background_articles": background_count()}
    return rows + measure_scenarios(scenarios(), _people(), extra=sizes)


def fill(target: int, out=sys.stdout) -> float:
    """The background filled up to `target` articles (the generator's data first when missing),
    then vacuumed as autovacuum would after a bulk load (the visibility map the index-only
    scans read); returns the seconds it took. For `--fill`, outside the benchmark's lock."""
    from django.db import connection

    from benchmarks import generate

    started = time.perf_counter()
    generate.generate(out=out)  # migrates; generates only what is missing
    fill_background(target, out=out)
    with connection.cursor() as cursor:
        for table in ("media_article", "media_cluster", "media_bandkey", "media_tag",
                      "core_searchdocument"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Press monitoring benchmark (issue 18).")
    parser.add_argument(
        "--fill", type=int, metavar="N", help="only fill the background store up to N articles"
    )
    args = parser.parse_args(argv)
    if args.fill is None:
        from benchmarks.run import main as run_main

        sys.exit(run_main([NAME]))
    configure()
    seconds = fill(args.fill)
    print(f"  media background: {background_count():,} articles, {seconds:.0f} s in all")


if __name__ == "__main__":
    main()
