"""`phoihop send_review_reminders`: run once a day (cron or a systemd timer), like
`send_task_reminders`. Idempotent: a second run the same day sends nothing."""

from phoihop.core.management.reminders import ReminderCommand
from phoihop.reviews import reminders, tasks


class Command(ReminderCommand):
    help = (
        "Nhắc hạn sơ kết, tổng kết văn bản và chương trình (chạy hằng ngày; chạy lại không gửi "
        "trùng)."
    )
    send = staticmethod(reminders.send_reminders)
    job = tasks.send_review_reminders
