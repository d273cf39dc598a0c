"""core.links.object_url builds the same links as reverse(), under any script prefix."""

from django.urls import reverse, set_script_prefix

from phoihop.core.links import object_url


def test_object_url_matches_reverse():
    for pk in (1, 38, 8787, 2147483647):
        expected = reverse("org:organization_detail", args=[pk])
        assert object_url("org:organization_detail", pk) == expected


def test_object_url_follows_the_script_prefix():
    # Served under a sub-path (SCRIPT_NAME), every link carries it, as reverse()'s do.
    set_script_prefix("/phoihop/")
    try:
        assert object_url("org:area_detail", 16) == "/phoihop/areas/16/"
        assert object_url("org:area_detail", 16) == reverse("org:area_detail", args=[16])
    finally:
        set_script_prefix("/")
    assert object_url("org:area_detail", 16) == "/areas/16/"
