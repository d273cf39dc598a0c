from django.core.management import call_command

from phoihop.core import search
from phoihop.core.models import SearchDocument

from ..factories import OrganizationFactory


def test_rebuild_indexes_objects_whose_rows_are_missing(admin_user):
    OrganizationFactory(name="Sở Giáo dục và Đào tạo tỉnh Thanh Hóa")
    SearchDocument.objects.all().delete()  # e.g. rows bulk-inserted without the services
    assert not search.search(admin_user, "giao duc thanh hoa")

    call_command("rebuild_search_index", "organization")

    hits = search.search(admin_user, "giao duc thanh hoa")
    assert [hit.title for hit in hits] == ["Sở Giáo dục và Đào tạo tỉnh Thanh Hóa"]


def test_rebuild_twice_keeps_one_row_per_object(admin_user):
    OrganizationFactory(name="Sở Y tế tỉnh Thanh Hóa")
    call_command("rebuild_search_index")
    call_command("rebuild_search_index")
    assert SearchDocument.objects.filter(kind="organization").count() == 1
