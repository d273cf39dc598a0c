"""`phoihop send_event_reminders`: run once a day (cron or a systemd timer), like
`send_task_reminders`. Idempotent: a second run the same day sends nothing."""

from phoihop.core.management.reminders import ReminderCommand
from phoihop.events import reminders, tasks


class Command(ReminderCommand):
    help = (
        "Nhắc hội nghị, lớp tập huấn ngày mai và nhắc trả lời giấy mời (chạy hằng ngày; chạy "
        "lại không gửi trùng)."
    )
    send = staticmethod(reminders.send_reminders)
    job = tasks.send_event_reminders
