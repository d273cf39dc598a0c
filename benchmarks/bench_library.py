"""The materials library at scale (issue 19, "Proof"): 50,000 items with about 500 MB of text
read from their files and 5 million download and view records, the library list and its search
inside the files' text, as ratios over the project's one-query base page.

Data (deterministic, on top of `benchmarks.generate`'s areas, organisations and users), written
in bulk SQL, `BENCH_LIBRARY_SCALE` times (default 1; 0.1 for a quick run):
- 50,000 items spread over the 34 provinces' propaganda departments, published over the last
  ten years; 30 % public, 50 % for signed-in users, 20 % restricted to the province's Party
  committee (any role), each with one version whose text is ~10 KB of Vietnamese sentences from
  templates (so ~500 MB in all), the text as the worker would have stored it and the item's
  search document (title, publisher, tags, the folded text) as `core.search` writes it;
- 5,000,000 use rows (one per item, person, day and kind: the unique key), 100 per item, over
  the last year, and each item's view and download counters summed from them.

The review counts (`/activities/`) count the events too: `bench_events.generate_events`
(200,000 × `BENCH_EVENTS_SCALE`) runs here when its events are missing, so issue 19's whole
background is one database.

Rows: the library list (`/library/`), a search for words inside the files typed without
diacritics (`/library/?q=nguoi tot viec tot`), the API search, the review counts of the
current half-year (`/activities/`), and the public page, each p95 at 8 clients, for a system
administrator and a provincial specialist; the goal is ≤ 3× the same user's base page.

Generate outside the benchmark lock first (bulk SQL, minutes at scale 1):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_bench_lib \\
        .venv/bin/python -m benchmarks.bench_library --generate

    flock /work/wt/bench.lock env BENCH_LIBRARY_SCALE=0.1 \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_bench_library \\
        .venv/bin/python -m benchmarks.run bench_library
"""

import os
import time

from benchmarks import configure
from benchmarks.harness import Scenario, measure_scenarios

NAME = "library"
SCALE = float(os.environ.get("BENCH_LIBRARY_SCALE", "1"))
ITEMS = max(100, int(50_000 * SCALE))
USES_PER_ITEM = 100
SENTENCES_PER_ITEM = 128  # ~78 characters each: ~10 KB of text an item (500 MB at scale 1)
SEARCH = "nguoi tot viec tot"

TITLES = (
    "Đề cương tuyên truyền kỷ niệm Ngày thành lập Đảng Cộng sản Việt Nam",
    "Đề cương tuyên truyền Nghị quyết Đại hội Đảng bộ tỉnh",
    "Tài liệu sinh hoạt chi bộ",
    "Hướng dẫn tuyên truyền chuyển đổi số ở cơ sở",
    "Tài liệu bồi dưỡng báo cáo viên",
    "Sổ tay công tác dân vận",
    "Thông tin định hướng dư luận xã hội",
    "Tài liệu tuyên truyền an toàn thực phẩm",
    "Đề cương tuyên truyền bảo hiểm xã hội, bảo hiểm y tế",
    "Tài liệu hỏi - đáp về phòng, chống thiên tai",
)  # fmt: skip
KINDS = ("outline", "outline", "guidance", "guidance", "publication", "publication", "guidance",
         "outline", "outline", "slides")  # fmt: skip
SENTENCES = (
    "Đảng bộ tỉnh lãnh đạo thực hiện thắng lợi các mục tiêu phát triển kinh tế - xã hội.",
    "Báo cáo viên cần nắm chắc tình hình tư tưởng của cán bộ, đảng viên và Nhân dân.",
    "Phong trào thi đua Dân vận khéo được triển khai sâu rộng ở các xã, phường.",
    "Tuyên truyền, nêu gương người tốt việc tốt, các mô hình hay, cách làm hiệu quả.",
    "Chính quyền địa phương phối hợp với Mặt trận Tổ quốc vận động người dân tham gia.",
    "Tỷ lệ người dân tham gia bảo hiểm y tế đạt trên chín mươi phần trăm dân số.",
    "Đẩy mạnh chuyển đổi số, phổ cập kỹ năng số cho người dân qua tổ công nghệ số cộng đồng.",
    "Kiểm tra, giám sát việc bảo đảm an toàn thực phẩm tại bếp ăn tập thể trường học.",
    "Đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng.",
    "Xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu gắn với du lịch cộng đồng.",
    "Chủ động phòng, chống thiên tai, di dời dân khỏi vùng có nguy cơ sạt lở đất.",
    "Nâng cao chất lượng sinh hoạt chi bộ, thực hiện nghiêm nguyên tắc tập trung dân chủ.",
    "Giải quyết kịp thời kiến nghị chính đáng của Nhân dân ngay từ cơ sở.",
    "Phát huy vai trò của người có uy tín trong đồng bào dân tộc thiểu số.",
    "Thực hiện tốt chính sách đối với người có công và gia đình chính sách.",
    "Tăng cường công tác thông tin đối ngoại, quảng bá hình ảnh quê hương.",
    "Tổ chức hội nghị báo cáo viên định kỳ hằng tháng để thông tin thời sự.",
    "Khu dân cư kiểu mẫu gắn với cuộc vận động toàn dân đoàn kết xây dựng đời sống văn hóa.",
)  # fmt: skip
# An item's text is drawn from a window of ten of the eighteen sentences, starting at n % 9:
# "người tốt việc tốt" (the fourth) is in the text of four items in nine.


def _people():
    from benchmarks.generate import ADMIN_USERNAME, SPECIALIST_USERNAME
    from phoihop.org.models import User

    users = User.objects.in_bulk([ADMIN_USERNAME, SPECIALIST_USERNAME], field_name="username")
    return {"admin": users[ADMIN_USERNAME], "specialist": users[SPECIALIST_USERNAME]}


def item_count() -> int:
    from phoihop.library.models import Item

    return Item.objects.count()


def fill(target: int, out) -> None:
    """Items, versions with their text, search documents and uses, in chunks, until `target`."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from phoihop.core.text import fold, normalize
    from phoihop.library.models import Item
    from phoihop.org.models import Organization, User

    have = item_count()
    if have >= target:
        return
    departments = list(
        Organization.objects.filter(kind=Organization.Kind.PROPAGANDA_DEPARTMENT)
        .order_by("pk")
        .values_list("pk", "parent_id", "name")
    )
    owners = [pk for pk, _parent, _name in departments]
    parents = [parent or pk for pk, parent, _name in departments]
    publishers = [name for _pk, _parent, name in departments]
    users = list(User.objects.order_by("pk").values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(Item).pk
    chunk = 5000
    while have < target:
        size = min(chunk, target - have)
        started = time.perf_counter()
        params = {
            "n0": have + 1, "n1": have + size, "owners": owners, "parents": parents,
            "publishers": publishers, "titles": list(TITLES),
            "normalized": [normalize(t) for t in TITLES], "kinds": list(KINDS),
            "sentences": list(SENTENCES), "folded": [fold(s) for s in SENTENCES],
            "per_item": SENTENCES_PER_ITEM, "users": users, "uses": USES_PER_ITEM,
            "ct": content_type, "n_owners": len(owners), "n_titles": len(TITLES),
            "folded_titles": [fold(t) for t in TITLES],
        }  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(SQL_FILL, params)
        have = item_count()
        out.write(f"  library: {have:,} items ({time.perf_counter() - started:.0f} s)\n")
        out.flush()
    with connection.cursor() as cursor:
        for table in ("library_item", "library_version", "library_audience", "library_use",
                      "library_usetally", "library_leveltally", "core_searchdocument"):  # fmt: skip
            cursor.execute(f"ANALYZE {table}")


SQL_FILL = """
CREATE TEMP TABLE bench_lib ON COMMIT DROP AS
SELECT n, 1 + n %% %(n_owners)s AS o, 1 + (n * 7) %% %(n_titles)s AS t,
       CASE WHEN n %% 10 < 3 THEN 'public' WHEN n %% 10 < 8 THEN 'signed_in' ELSE 'restricted' END
           AS access,
       (current_date - (n %% 3650)) AS published_on
FROM generate_series(%(n0)s, %(n1)s) AS n;

INSERT INTO library_item (organization_id, kind, title, summary, tags, directive_id, publisher,
                          edition, published_on, link, access, current_version_id, view_count,
                          download_count, created_by_id, created_at, updated_at)
SELECT (%(owners)s::int[])[o], (%(kinds)s::text[])[t],
       (%(titles)s::text[])[t] || ' (số ' || n || ')', '', 'tuyên truyền', NULL,
       (%(publishers)s::text[])[o], '', published_on, '', access, NULL, 0, 0, NULL, now(), now()
FROM bench_lib ORDER BY n;

CREATE TEMP TABLE bench_lib_item ON COMMIT DROP AS
SELECT i.id AS item_id, b.*,
       array_to_string(ARRAY(
           SELECT (%(sentences)s::text[])[1 + b.n %% 9 + (b.n * 7919 + k * 104729) %% 10]
           FROM generate_series(1, %(per_item)s) AS k), ' ') AS body,
       array_to_string(ARRAY(
           SELECT (%(folded)s::text[])[1 + b.n %% 9 + (b.n * 7919 + k * 104729) %% 10]
           FROM generate_series(1, %(per_item)s) AS k), ' ') AS folded_body
FROM library_item i
JOIN bench_lib b ON i.title = (%(titles)s::text[])[b.t] || ' (số ' || b.n || ')';

INSERT INTO library_version (name, size, uploaded_by_id, created_at, item_id, number, file, note,
                             text, text_status)
SELECT 'tai-lieu-' || n || '.pdf', length(body) * 3, NULL, now(), item_id, 1,
       'library/bench-' || n || '.pdf', '', body, 'done'
FROM bench_lib_item;

UPDATE library_item i SET current_version_id = v.id
FROM library_version v JOIN bench_lib_item b ON v.item_id = b.item_id
WHERE i.id = b.item_id;

INSERT INTO library_audience (item_id, organization_id, role)
SELECT item_id, (%(parents)s::int[])[o], '' FROM bench_lib_item WHERE access = 'restricted';

INSERT INTO core_searchdocument (content_type_id, object_id, kind, title, title_normalized,
                                 subtitle, url, search_text, boost)
SELECT %(ct)s, item_id, 'library_item', (%(titles)s::text[])[t] || ' (số ' || n || ')',
       (%(normalized)s::text[])[t] || ' (số ' || n || ')', (%(publishers)s::text[])[o],
       '/library/' || item_id || '/',
       (%(folded_titles)s::text[])[t] || ' ' || n || ' tuyen truyen ' || folded_body, 0
FROM bench_lib_item;

INSERT INTO library_use (item_id, user_id, day, kind)
SELECT item_id, (%(users)s::int[])[1 + (n * 31 + j * 977) %% cardinality(%(users)s::int[])],
       current_date - ((n + j * 3) %% 365), CASE WHEN j %% 3 = 0 THEN 'view' ELSE 'download' END
FROM bench_lib_item, generate_series(1, %(uses)s) AS j
ON CONFLICT DO NOTHING;

INSERT INTO library_usetally (day, organization_id, access, kind, count)
SELECT u.day, b.organization_id, b.access, u.kind, count(*)
FROM library_use u JOIN library_item b ON b.id = u.item_id
WHERE u.item_id IN (SELECT item_id FROM bench_lib_item)
GROUP BY u.day, b.organization_id, b.access, u.kind
ON CONFLICT (day, organization_id, access, kind)
DO UPDATE SET count = library_usetally.count + EXCLUDED.count;

INSERT INTO library_leveltally (day, access, kind, count)
SELECT u.day, b.access, u.kind, count(*)
FROM library_use u JOIN library_item b ON b.id = u.item_id
WHERE u.item_id IN (SELECT item_id FROM bench_lib_item)
GROUP BY u.day, b.access, u.kind
ON CONFLICT (day, access, kind)
DO UPDATE SET count = library_leveltally.count + EXCLUDED.count;

UPDATE library_item i SET view_count = u.views, download_count = u.downloads
FROM (SELECT item_id, count(*) FILTER (WHERE kind = 'view') AS views,
             count(*) FILTER (WHERE kind = 'download') AS downloads
      FROM library_use WHERE item_id IN (SELECT item_id FROM bench_lib_item) GROUP BY item_id) u
WHERE i.id = u.item_id;
"""


def sizes() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM library_item), (SELECT count(*) FROM library_use),"
            " (SELECT coalesce(sum(length(text)), 0) FROM library_version),"
            " pg_total_relation_size('library_use'), pg_total_relation_size('core_searchdocument')"
        )
        items, uses, text, use_bytes, search_bytes = cursor.fetchone()
    return {
        "library_items": items,
        "library_uses": uses,
        "library_text_mb": round(text / 1e6, 1),
        "library_use_table_mb": round(use_bytes / 1e6, 1),
        "search_table_mb": round(search_bytes / 1e6, 1),
    }


def scenarios() -> list[tuple[Scenario, str]]:
    query = SEARCH.replace(" ", "+")
    runs = []
    for user in ("specialist", "admin"):
        runs += [
            (Scenario("library_list", "/library/"), user),
            (Scenario("library_search", f"/library/?q={query}"), user),
            (Scenario("library_api_search", f"/api/v1/library/items?q={query}"), user),
            # The review counts of the current half-year (the page's default): events by kind,
            # participants, training hours, missions, good models, publications and uses.
            (Scenario("review_counts", "/activities/"), user),
        ]
    runs.append((Scenario("library_public", "/library/public/"), "specialist"))
    return runs


def generate_all(out) -> None:
    """The directory, the library (BENCH_LIBRARY_SCALE) and the events the review counts
    count too (bench_events' generator, BENCH_EVENTS_SCALE): issue 19's data in one database."""
    from django.db import connection

    from benchmarks import bench_events, generate

    generate.generate(out=out)  # migrates; idempotent
    fill(ITEMS, out)
    if not bench_events.already_generated():
        bench_events.generate_events(out=out)
    # As autovacuum would after a bulk load: the visibility map for index-only scans, and the
    # tallies' dead rows (each chunk's upsert rewrites the days it shares with the last one).
    with connection.cursor() as cursor:
        for table in ("library_item", "library_use", "library_usetally", "library_leveltally",
                      "core_searchdocument"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")


def run() -> list[dict]:
    import sys

    from benchmarks import bench_events

    configure()
    generate_all(sys.stdout)
    return measure_scenarios(scenarios(), _people(), extra=sizes() | bench_events.data_sizes())


def main() -> None:
    """Generate the data only (outside the benchmark lock): `python -m benchmarks.bench_library
    --generate`."""
    import sys

    configure()
    generate_all(sys.stdout)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    print(sizes())


if __name__ == "__main__":
    import sys

    if "--generate" in sys.argv:
        main()
    else:
        from benchmarks.run import main as run_main

        run_main([f"bench_{NAME}"])
