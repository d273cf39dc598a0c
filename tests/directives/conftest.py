import datetime

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission

from phoihop.directives import catalogue, reference
from phoihop.directives.models import Document, DocumentType
from phoihop.org.models import Membership

from .. import factories

D = datetime.date


@pytest.fixture(autouse=True)
def reference_data(db):
    """Terms and codes come from a data migration; a flushing test elsewhere may have removed
    them, so put them back when missing. The parser's code cache starts empty every test."""
    if not DocumentType.objects.exists():
        catalogue.load_reference_data(django_apps)
    reference.clear_codes_cache()
    yield
    reference.clear_codes_cache()


@pytest.fixture
def central_catalogue(db):
    if not Document.objects.filter(organization__isnull=True).exists():
        catalogue.load_central_documents(django_apps)
    return Document.objects.filter(organization__isnull=True)


@pytest.fixture
def tree(province_tree):
    return province_tree


@pytest.fixture
def editor(tree, make_member):
    """A specialist of the propaganda department: edits the department's and the Tỉnh ủy's
    documents, reads (but does not change) the central catalogue."""
    return make_member(
        tree["propaganda"],
        Membership.Role.SPECIALIST,
        username="chuyenvien",
        full_name="Chuyên Viên",
    )


@pytest.fixture
def catalogue_group(db):
    """A group holding the catalogue-editor right, as a system administrator sets it up in the
    admin."""
    group = Group.objects.create(name="Biên tập danh mục Trung ương")
    group.permissions.add(Permission.objects.get(codename="edit_central_catalogue"))
    return group


@pytest.fixture
def catalogue_editor(tree, make_member, catalogue_group):
    """A propaganda department specialist who was also granted the catalogue-editor right."""
    user = make_member(
        tree["propaganda"], Membership.Role.SPECIALIST, username="bientap", full_name="Biên Tập"
    )
    user.groups.add(catalogue_group)
    return user


@pytest.fixture
def focal_point(tree, make_member):
    return make_member(tree["health"], Membership.Role.FOCAL_POINT, username="daumoi")


@pytest.fixture
def empty_registry(db):
    """The test database holds the migrated catalogue; tests that build their own registry
    start without it."""
    Document.objects.all().delete()


@pytest.fixture
def make_document(empty_registry):
    """factories.make_document("20-NQ/TW", D(2017, 10, 25), **attrs) on an empty registry."""
    return factories.make_document


@pytest.fixture
def twenty_nq(make_document):
    """The two 20-NQ/TW: khóa XI (science and technology) and khóa XII (health)."""
    return (
        make_document("20-NQ/TW", D(2012, 11, 1), abstract="Về phát triển khoa học và công nghệ"),
        make_document("20-NQ/TW", D(2017, 10, 25), abstract="Về bảo vệ sức khỏe Nhân dân"),
    )
