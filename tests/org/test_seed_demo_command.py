"""`phoihop seed_demo` on an empty database: it loads the areas first, seeds every app's demo and
prints the logins and the tour (apart from tests/org/test_demo.py, whose cases share areas
loaded once)."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from phoihop.core.models import Notification
from phoihop.org import demo
from phoihop.org.models import Area


def test_command_loads_the_areas_first_and_prints_the_demo_logins(db):
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    text = out.getvalue()
    assert Area.objects.current().filter(level="commune").count() == 3321
    assert "phoihop-demo" in text
    for spec in demo.USERS:
        assert spec.username in text
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa" in text
    assert "Ban Tuyên giáo Tỉnh ủy Thanh Hóa (đến 31/01/2025)" in text
    # Every registered app's demo ran, the reporting regimes last.
    assert "Chỉ tiêu: 17, biểu mẫu: 3, chế độ báo cáo mới: 6." in text
    # The account to try first and the tour, with addresses on the served port.
    assert f"bằng tài khoản {demo.FIRST_ACCOUNT}" in text
    assert "Tham quan 5 phút:" in text and "http://127.0.0.1:8000/plans/tasks/?mine=1" in text
    # Notifications look a few weeks into use, not all stamped now.
    notifications = Notification.objects.all()
    days = {n.created_at.date() for n in notifications}
    assert notifications.count() >= 10 and len(days) >= 7
    assert min(days) < timezone.now().date() - datetime.timedelta(days=14)
    assert notifications.filter(read_at__isnull=True).exists()
    assert notifications.filter(read_at__isnull=False).exists()
