"""`phoihop send_task_reminders`: run once a day (cron or a systemd timer), e.g. at 07:00."""

from phoihop.core.management.reminders import ReminderCommand
from phoihop.plans import reminders, tasks


class Command(ReminderCommand):
    help = (
        "Gửi nhắc hạn nhiệm vụ (sắp đến hạn, đến hạn, quá hạn), báo cáo lãnh đạo đơn vị chủ trì "
        "khi quá hạn lâu và nhắc báo cáo tiến độ định kỳ. Chạy lại nhiều lần không gửi trùng."
    )
    send = staticmethod(reminders.send_reminders)
    job = tasks.send_task_reminders
