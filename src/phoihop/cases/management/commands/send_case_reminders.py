"""`phoihop send_case_reminders`: run once a day (cron or a systemd timer), e.g. at 07:00."""

from phoihop.cases import reminders, tasks
from phoihop.core.management.reminders import ReminderCommand


class Command(ReminderCommand):
    help = (
        "Nhắc hạn xác nhận tiếp nhận và hạn trả lời vụ việc (sắp đến hạn, đến hạn, quá hạn), "
        "báo cáo lãnh đạo đơn vị chủ trì rồi lãnh đạo đơn vị tiếp nhận khi quá hạn. Chạy lại "
        "nhiều lần không gửi trùng."
    )
    send = staticmethod(reminders.send_reminders)
    job = tasks.send_case_reminders
