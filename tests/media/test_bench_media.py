"""The press benchmark's data (benchmarks/bench_media.py) at a tiny scale: the generated files
read as the articles written, their stories found as written (reprints together, different
stories apart), the background store filled in bulk SQL (PostgreSQL only) readable by the
pages and the clustering."""

import io

import pytest
from django.db import connection
from django.urls import reverse

from benchmarks import bench_media
from phoihop.media.models import Article, BandKey, Cluster
from phoihop.media.pipeline import import_articles, read_path
from tests.factories import system_admin

pytestmark = pytest.mark.django_db


def test_the_generated_files_hold_the_stories_written(tmp_path):
    written, stories = bench_media.write_corpus(tmp_path, 400, seed=3)
    raws, errors = read_path(tmp_path)
    assert (len(raws), errors) == (written, []) and written == 400
    result = import_articles(raws)
    assert result.added == 400
    # reprints joined their story; different stories (templated text) stayed apart
    assert abs(result.new_clusters - stories) <= stories * 0.02
    assert Cluster.objects.filter(article_count__gt=1).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk SQL for PostgreSQL")
def test_the_background_store_is_read_by_the_pages_and_the_clustering(client):
    bench_media.fill_background(300, out=io.StringIO())
    assert bench_media.background_count() >= 300
    assert BandKey.objects.count() == 40 * Cluster.objects.count()
    assert bench_media.clustering_cost(articles=50) > 0
    client.force_login(system_admin())
    response = client.get(reverse("media:newsroom") + "?q=" + bench_media.SEARCH)
    assert response.status_code == 200 and response.context["clusters"]
    assert Article.objects.filter(url__startswith=bench_media.MARKER).count() >= 300


def test_fill_only_fills_the_background_outside_the_locked_run(monkeypatch, capsys):
    """`python -m benchmarks.bench_media --fill N` generates the data before the benchmark's
    lock is taken, and measures nothing."""
    calls = []
    monkeypatch.setattr(bench_media, "configure", lambda: calls.append("configure"))
    monkeypatch.setattr(bench_media, "fill", lambda target: calls.append(target) or 1.0)
    monkeypatch.setattr(bench_media, "background_count", lambda: 300)
    monkeypatch.setattr(bench_media, "measure_scenarios", None)  # never reached
    bench_media.main(["--fill", "300"])
    assert calls == ["configure", 300]
    assert "300 articles" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk SQL for PostgreSQL")
def test_a_large_fill_indexes_the_bands_and_tags_once_at_the_end(monkeypatch):
    monkeypatch.setattr(bench_media, "WITHOUT_INDEXES_FROM", 1)  # as for a million articles
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'media_bandkey'")
        before = sorted(row[0] for row in cursor.fetchall())
    bench_media.fill_background(300, out=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'media_bandkey'")
        assert sorted(row[0] for row in cursor.fetchall()) == before
    assert BandKey.objects.count() == 40 * Cluster.objects.count()
    assert bench_media.clustering_cost(articles=50) > 0
