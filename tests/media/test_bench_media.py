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
