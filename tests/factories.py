"""Test data builders. Organisations get a correct tree path and areas and organisations their
search row, as the services (and `load_areas`) would set them: every list's text filter reads it."""

import factory
from factory.django import DjangoModelFactory

from phoihop.core import search
from phoihop.org.models import Area, Membership, Organization, User


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda a: a.name)
    type = "xã"
    level = Area.Level.COMMUNE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        area = super()._create(model_class, *args, **kwargs)
        search.index(area)
        return area


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    kind = Organization.Kind.DEPARTMENT
    level = Organization.Level.PROVINCE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        organization = super()._create(model_class, *args, **kwargs)
        parent = organization.parent
        organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
        organization.depth = parent.depth + 1 if parent else 0
        organization.save(update_fields=["path", "depth"])
        search.index(organization)
        return organization


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.django.Password("mat-khau-thu-nghiem")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.SPECIALIST
