import contextlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from phoihop.org.models import Membership

from .factories import MembershipFactory, OrganizationFactory, UserFactory, system_admin

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(autouse=True)
def fresh_content_type_cache():
    """Transactional tests flush the database, and the content types come back with new ids;
    a cached old id would break the audit trail's foreign key in the next test."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def counts_computed_afresh(settings):
    """List totals are cached by the data's version (the latest `updated_at`), and filter
    choices for a while; with frozen time several writes share one timestamp, so tests read
    afresh. test_organization_list.py turns the cache on with time moving."""
    from django.core.cache import cache

    settings.LIST_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def session_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media_under_tmp(settings, session_media):
    """Uploads a test stores (a task's attachment, a review's report) go to a temporary folder,
    never the checkout's var/media. Tests that read the folder set their own (tmp_path)."""
    settings.MEDIA_ROOT = session_media


@pytest.fixture(autouse=True)
def two_factor_optional_for_admins(settings):
    """Most tests sign administrators in with force_login and no authenticator; the tests of
    two-factor sign-in (tests/org/test_two_factor.py) turn the requirement back on."""
    settings.OTP_REQUIRED_FOR_ADMINS = False


@contextlib.contextmanager
def kept_for_the_module(django_db_blocker):
    """For a module-scoped fixture that builds a large world once: what it writes inside this
    block lives in a transaction rolled back when the block ends (the module's end). Each case
    runs in a savepoint nested in it (pytest-django's function-level database access), so a
    case's own writes vanish after it. Cases fetch objects afresh rather than share instances."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def make_member(db):
    """make_member(organization, role="specialist", **user_fields) -> User with that role."""

    def make(organization, role=Membership.Role.SPECIALIST, **user_fields):
        user = UserFactory(**user_fields)
        MembershipFactory(user=user, organization=organization, role=role)
        return user

    return make


def build_province_tree(area=None) -> dict:
    """A small tree: a Party committee with its propaganda department, and a People's
    Committee with one department. Returns a dict of organisations by short key. Given the
    province's `area`, the committees and the propaganda department work there and each
    organisation has the identifier "<province code>.<abbreviation>" ("38.SYT")."""

    def organization(abbreviation, *, located=True, **attrs):
        if area is not None:
            attrs["identifier"] = f"{area.code}.{abbreviation}"
            attrs["area"] = area if located else None
        return OrganizationFactory(abbreviation=abbreviation, **attrs)

    party = organization("TU", name="Tỉnh ủy Thanh Hóa", kind="party_committee")
    propaganda = organization(
        "BTGDVTU",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        kind="propaganda_department",
        parent=party,
    )
    committee = organization(
        "UBND", name="Ủy ban nhân dân tỉnh Thanh Hóa", kind="peoples_committee"
    )
    health = organization(
        "SYT", name="Sở Y tế tỉnh Thanh Hóa", kind="department", parent=committee, located=False
    )
    return {"party": party, "propaganda": propaganda, "committee": committee, "health": health}


def build_outsider():
    """A signed-in person with a membership in an unrelated organisation."""
    other = OrganizationFactory(name="Tỉnh ủy Nghệ An", kind="party_committee")
    user = UserFactory(username="nguoingoai", full_name="Trần Thị Ngoài")
    MembershipFactory(user=user, organization=other, role=Membership.Role.ORG_ADMIN)
    return user


@pytest.fixture
def province_tree(db):
    """See build_province_tree (plain functions, so module-scoped worlds can build them too)."""
    return build_province_tree()


@pytest.fixture
def admin_user(db):
    return system_admin()


@pytest.fixture
def outsider(db):
    return build_outsider()
