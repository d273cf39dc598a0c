"""Syndicated copies of one story form one cluster; different stories stay apart; the index
is in the database, so it survives a restart."""

import datetime
from pathlib import Path

import pytest

from phoihop.media import clustering
from phoihop.media.extract import VIETNAM, RawArticle, parse_feed
from phoihop.media.models import Article, BandKey, Cluster
from phoihop.media.pipeline import import_articles

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "src/phoihop/media/corpus"

STORY = (
    "Theo báo cáo ban đầu của nhà trường, bữa trưa ngày 2/12 gồm cơm, thịt gà kho gừng, canh bí "
    "đỏ và chuối tráng miệng, do một cơ sở cung cấp suất ăn bên ngoài nấu và vận chuyển đến "
    "trường. Khoảng 14 giờ cùng ngày, nhiều học sinh lớp 3 và lớp 4 bắt đầu đau bụng, nôn, một "
    "số em sốt nhẹ. Ban giám hiệu đã báo trạm y tế xã và gọi xe cấp cứu đưa các em đến trung tâm "
    "y tế khu vực. Đến 20 giờ, 43 học sinh phải nhập viện theo dõi, sức khỏe các em đã ổn định."
)
OTHER = (
    "Ban Quản lý Khu kinh tế Nghi Sơn cho biết ba dự án gồm nhà máy sản xuất kính tiết kiệm năng "
    "lượng, kho bãi logistics gắn với cảng biển và nhà máy chế biến gỗ xuất khẩu. Tổng vốn đăng "
    "ký hơn 4.600 tỷ đồng, dự kiến tạo việc làm cho khoảng 2.300 người lao động trong tỉnh."
)
# The same kind of story on another day: a different school, other numbers, other food.
SIMILAR_BUT_OTHER = (
    "Chiều 9/12, 12 học sinh Trường Mầm non Hoa Sen có biểu hiện nôn sau bữa xế gồm sữa chua "
    "và bánh bông lan. Nhà trường đã đưa các cháu đến phòng khám gần nhất; đến tối các cháu "
    "được về nhà. Cơ quan chức năng đang lấy mẫu sữa chua để xác định nguyên nhân."
)


def raw(url, text, *, title="Tin", minutes=0):
    moment = datetime.datetime(2026, 12, 2, 20, 0, tzinfo=VIETNAM) + datetime.timedelta(
        minutes=minutes
    )
    return RawArticle(url=url, title=title, text=text, published_at=moment)


def test_signatures_of_copies_are_close_and_of_other_stories_far():
    copy = STORY.replace("Khoảng 14 giờ", "Khoảng 2 giờ chiều").replace("Đến 20 giờ", "Đến tối")
    without_marks = "Theo bao cao ban dau cua nha truong, bua trua ngay 2/12 gom com" + STORY[63:]
    shortened = STORY[: len(STORY) // 2]
    original = clustering.signature(STORY)

    def score(text):
        return clustering.containment(*original, *clustering.signature(text))

    assert score(copy) > 0.6
    assert score(OTHER) < 0.1
    assert score(SIMILAR_BUT_OTHER) < 0.1
    assert score(without_marks) > 0.9  # folded: a copy that lost its diacritics is the same
    # a reprint of the first half: its Jaccard similarity is about 0.5, its containment ~1
    assert clustering.similarity(original[0], clustering.signature(shortened)[0]) < 0.6
    assert score(shortened) > 0.9


def test_syndicated_copies_join_the_first_cluster_and_other_stories_start_their_own():
    result = import_articles(
        [
            raw("https://a.example/1", STORY, title="Hơn 40 học sinh nhập viện"),
            raw(
                "https://b.example/2", f"(B) - {STORY} Theo báo A.", title="43 học sinh", minutes=5
            ),
            raw("https://c.example/3", STORY.replace("Khoảng 14 giờ", "Chiều"), minutes=9),
            raw("https://a.example/4", OTHER, title="Nghi Sơn thu hút đầu tư", minutes=1),
            raw("https://d.example/5", SIMILAR_BUT_OTHER, minutes=3),
        ]
    )
    assert (result.added, result.new_clusters) == (5, 3)
    story = Article.objects.get(url="https://a.example/1").cluster
    assert set(story.articles.values_list("url", flat=True)) == {
        "https://a.example/1", "https://b.example/2", "https://c.example/3",
    }  # fmt: skip
    story.refresh_from_db()
    assert story.article_count == 3
    assert story.headline == "Hơn 40 học sinh nhập viện"  # the first to tell it
    assert Article.objects.get(url="https://a.example/4").cluster != story
    assert Article.objects.get(url="https://d.example/5").cluster != story


def test_the_index_lives_in_the_database_so_a_later_run_still_finds_the_story():
    import_articles([raw("https://a.example/1", STORY)])
    keys = BandKey.objects.count()
    assert 0 < keys <= clustering.BANDS
    # a later run (a new process: nothing in memory) gets a copy
    import_articles([raw("https://z.example/9", STORY + " Nguồn: báo A.", minutes=60)])
    assert Cluster.objects.count() == 1
    assert Cluster.objects.get().article_count == 2
    # a copy shares most bands: the cluster keeps only the ones it did not have
    assert BandKey.objects.count() < 2 * keys


def test_the_corpus_syndicated_story_is_one_cluster_of_its_four_outlets(places):
    from phoihop.media.pipeline import import_paths

    result = import_paths([CORPUS])
    assert result.errors == []
    story = Cluster.objects.get(headline__startswith="Hơn 40 học sinh tiểu học")
    assert story.article_count == 4
    assert story.negative
    hospital = Cluster.objects.get(headline__startswith="Bệnh viện Đa khoa tỉnh Phú Thọ")
    assert hospital.article_count == 2
    assert Cluster.objects.filter(article_count=1).count() == result.new_clusters - 2


def test_an_empty_text_still_gets_a_signature():
    values, size = clustering.signature("")
    assert (len(values), size) == (clustering.NUM_PERM, 0)
    assert parse_feed(b"<rss><channel></channel></rss>") == []


def test_the_words_folded_a_character_at_a_time_are_those_of_fold():
    """clustering.folded_words is core.text.fold's words, faster (stored signatures depend on
    it): Vietnamese in every case and form, đ, combining marks apart, other scripts."""
    import random

    from phoihop.core.text import fold

    rng = random.Random(1)
    alphabet = [chr(c) for c in range(0x20, 0x2000)]
    alphabet += list("ĐđƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẶặẸẹẾếỀềỆệỌọỐốỒồỘộỚớỜờỢợỤụỨứỪừỰựỲỳỴỵỸỹ")
    alphabet += ["\u0301", "\u0323", "\u0345", "İ", "Σ", "ß", "ﬁ", "Ⅻ", "①", "²"]
    texts = ["Ngộ độc thực phẩm ĐÀ NẴNG", "Hòa Bình\u0301 xã  Hoằng\tQuỳ", "ΟΔΟΣ Σ."]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        assert clustering.folded_words(text) == clustering.WORD.findall(fold(text)), text
