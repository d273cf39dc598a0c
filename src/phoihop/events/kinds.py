"""The event kinds a new installation starts with (administrators add more)."""

DEFAULT_KINDS = (
    # code, name, is_training, order
    ("hoi-nghi", "Hội nghị", False, 10),
    ("giao-ban", "Giao ban", False, 20),
    ("toa-dam", "Tọa đàm", False, 30),
    ("hoi-thao", "Hội thảo", False, 40),
    ("tap-huan", "Lớp tập huấn", True, 50),
    ("boi-duong-bcv", "Bồi dưỡng báo cáo viên", True, 60),
)


def load_default_kinds(apps) -> None:
    EventKind = apps.get_model("events", "EventKind")
    for code, name, is_training, order in DEFAULT_KINDS:
        EventKind.objects.get_or_create(
            code=code, defaults={"name": name, "is_training": is_training, "order": order}
        )
