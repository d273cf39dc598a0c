"""E-mail backends for the job tests: one whose server always fails, and a slow file-writing
one the worker subprocess of test_worker_killed.py uses (settings via environment)."""

import os
import smtplib
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


class SlowFileBackend(FileBackend):
    """Waits SLOW_MAIL_SECONDS before the server "accepts" each message (writes it to a file in
    SLOW_MAIL_DIR), like a slow SMTP server: a kill during the wait loses the message unsent."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, file_path=os.environ["SLOW_MAIL_DIR"], **kwargs)

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.5")))
        return super().send_messages(email_messages)
