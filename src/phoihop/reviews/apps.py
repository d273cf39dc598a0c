from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "phoihop.reviews"
    label = "reviews"
    verbose_name = _("Sơ kết, tổng kết")

    def ready(self) -> None:
        from phoihop.core import uploads

        uploads.register_purpose("review_report", kinds=uploads.DOCUMENT_KINDS)

        from phoihop.core.contributions import DemoSeeder, register_demo_seeder

        # After the directives (10) and plans (20) demos, whose reviews it reminds.
        register_demo_seeder(DemoSeeder(30, "phoihop.reviews", seed_reviews_demo))


def seed_reviews_demo(*, stdout) -> None:
    from . import demo

    demo.seed(stdout=stdout)
