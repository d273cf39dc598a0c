"""`phoihop send_report_reminders`: run once a day (cron or a systemd timer), like
`send_task_reminders`. Idempotent: a second run the same day sends nothing."""

from phoihop.core.management.reminders import ReminderCommand
from phoihop.reporting import reminders, tasks


class Command(ReminderCommand):
    help = (
        "Nhắc các đơn vị gửi báo cáo định kỳ sắp đến hạn, đến hạn, quá hạn và báo lãnh đạo "
        "đơn vị khi quá hạn lâu (chạy hằng ngày; chạy lại không gửi trùng)."
    )
    send = staticmethod(reminders.send_reminders)
    job = tasks.send_report_reminders
