from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "phoihop.cases"
    label = "cases"
    verbose_name = _("Ý kiến, phản ánh của Nhân dân")

    def ready(self) -> None:
        self.register_contributions()
        from phoihop.core import search, uploads

        uploads.register_purpose("case_attachment", kinds=uploads.ATTACHMENT_KINDS)
        # Photos a citizen sends from the public portal: raster images only.
        uploads.register_purpose("portal_photo", kinds=("png", "jpeg", "gif", "webp"))

        from .models import Case, Publication

        search.register(
            "case",
            Case,
            label=_("Vụ việc"),
            visible=lambda user: Case.objects.visible_to(user),
            costly_visibility=True,
        )
        # Published answers: their redacted texts are public, so everyone may find them.
        search.register(
            "publication",
            Publication,
            label=_("Câu trả lời công khai"),
            visible=lambda user: Publication.objects.published(),
        )

    @staticmethod
    def register_contributions() -> None:
        from phoihop.core.contributions import (
            ADMINISTRATION,
            DemoSeeder,
            MeField,
            MenuEntry,
            register_demo_seeder,
            register_me_field,
            register_menu_entry,
        )

        # After the reporting demo (40): cases route to the departments the org demo made.
        register_demo_seeder(
            DemoSeeder(
                50,
                "phoihop.cases",
                seed_cases_demo,
                tour=(
                    ("chuyenvien.tgdv", "/cases/", "Vụ việc: ý kiến, kiến nghị của người dân "
                     "và hạn trả lời"),
                ),
            )
        )  # fmt: skip

        # Groups, notes and data requests, on the cases the seeder above made.
        register_demo_seeder(
            DemoSeeder(
                51,
                "phoihop.cases.extras",
                seed_cases_extras_demo,
                tour=(
                    ("ctv.thanhhoa", "/cases/notes/", "Cộng tác viên lập báo cáo dư luận xã "
                     "hội hằng tháng"),
                    ("chuyenvien.tgdv", "/cases/notes/topics/", "Vấn đề dư luận theo địa bàn "
                     "và tháng; tiếp nhận thành vụ việc"),
                    ("chuyenvien.tgdv", "/cases/data-requests/", "Yêu cầu về dữ liệu cá nhân, "
                     "hạn 72 giờ"),
                ),
            )
        )  # fmt: skip

        register_menu_entry(MenuEntry(47, _("Vụ việc"), "cases:case_list", current=("cases:",)))
        # Collaborators file their monthly notes here; the department reads them here too.
        register_menu_entry(
            MenuEntry(
                48,
                _("Dư luận xã hội"),
                "cases:note_list",
                current=("cases:note", "cases:topic"),
                visible=can_see_notes,
            )
        )
        # After the groups/notes demo (51): portal questions, some published with redactions.
        register_demo_seeder(
            DemoSeeder(
                52,
                "phoihop.cases.portal",
                seed_portal_demo,
                tour=(
                    ("(khách)", "/portal/", "Cổng tiếp nhận ý kiến: người dân gửi câu hỏi, tra cứu "
                     "bằng mã, đọc câu trả lời đã công khai (không cần đăng nhập)"),
                ),
            )
        )  # fmt: skip
        register_menu_entry(
            MenuEntry(
                95,
                _("Khóa Open311"),
                "cases:open311_keys",
                current=("cases:open311",),
                visible=_is_system_admin,
                group=ADMINISTRATION,
            )
        )
        register_me_field(
            MeField(
                "can_record_cases",
                bool,
                can_record_cases,
                "Có quyền tiếp nhận ý kiến, phản ánh của Nhân dân (ghi nhận thay người gửi).",
            )
        )


def _is_system_admin(user) -> bool:
    from phoihop.org.permissions import is_system_admin

    return is_system_admin(user)


def can_record_cases(user) -> bool:
    from .permissions import can_record_item, intake_departments

    return can_record_item(user) and intake_departments(user).exists()


def can_see_notes(user) -> bool:
    """The menu entry, on every page: asked of the request's memberships (no query of its own);
    the pages check the departments themselves."""
    from phoihop.org.scope import grants

    from .permissions import Role, can_record_item

    return can_record_item(user) or bool(grants(user, {Role.COLLABORATOR}))


def seed_cases_extras_demo(*, stdout) -> None:
    from . import demo_extras

    demo_extras.seed(stdout=stdout)


def seed_cases_demo(*, stdout) -> None:
    from . import demo

    demo.seed(stdout=stdout)


def seed_portal_demo(*, stdout) -> None:
    from . import demo_portal

    demo_portal.seed_portal(stdout=stdout)
