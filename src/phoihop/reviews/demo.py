"""Demo step run after the directives and plans demos: the reminders their reviews trigger
today (in-app only)."""

from typing import TextIO

from . import reminders


def seed(*, stdout: TextIO | None = None) -> None:
    sent = sum(reminders.send_reminders().values())
    if stdout is not None:
        stdout.write(f"  Nhắc hạn sơ kết, tổng kết: {sent} thông báo mới.\n")
