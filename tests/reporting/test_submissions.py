"""Submissions (issue 16, item 4): starting a report, the one write path for its values, the
workflow draft → submitted → returned / accepted → reopened, the entry and lock dates, one
audit entry per change with each figure's old and new value, comments and attachments, and who
sees and does what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from phoihop.core.audit import entries_for
from phoihop.core.models import Notification
from phoihop.reporting import rollups
from phoihop.reporting import submissions as services
from phoihop.reporting.models import Submission, Value
from tests.factories import make_submission
from tests.reporting.submission_world import (
    COMPLETE,
    PERIOD,
    D,
    Role,
    State,
    at,
    commune,
    member,
    start,
)

pytestmark = pytest.mark.django_db


def stored(submission) -> dict:
    spec = submission.regime.report_form.spec()
    return services.stored_values(submission, spec)


# Starting ------------------------------------------------------------------------------------


def test_a_draft_gets_the_period_cutoff_and_the_regime_deadline(world):
    submission = start(world)
    assert submission.state == State.DRAFT
    assert submission.cutoff == D(2026, 3, 14)
    assert submission.deadline == D(2026, 3, 18)
    (entry,) = entries_for(submission)
    assert entry.changes == {"state": [None, "Đang soạn"]}
    # Starting again finds the same draft.
    assert start(world).pk == submission.pk
    assert Submission.objects.count() == 1


def test_only_an_expected_unit_in_the_entry_window_starts_a_report(world):
    stranger = commune("Xã Không Giao")
    stranger_clerk = member(stranger)
    with pytest.raises(ValidationError, match="không phải gửi báo cáo kỳ này"), at(D(2026, 3, 12)):
        services.start_submission(world["regime"], PERIOD, stranger, stranger_clerk)
    with pytest.raises(ValidationError, match="mở nhập từ ngày 09/03/2026"):
        start(world, day=D(2026, 3, 8))
    with pytest.raises(ValidationError, match="khóa nhập sau ngày 28/03/2026"):
        start(world, day=D(2026, 3, 29))
    with pytest.raises(ValidationError, match="không thuộc chế độ"), at(D(2026, 3, 12)):
        services.start_submission(world["regime"], "2026-Q1", world["a"], world["clerk"])
    with pytest.raises(PermissionDenied):
        start(world, who="clerk_b")  # commune B's clerk for commune A
    with pytest.raises(PermissionDenied):
        start(world, who="officer")  # the receiver does not write the unit's report
    assert not Submission.objects.exists()


# Saving values -------------------------------------------------------------------------------


def test_saving_writes_the_values_and_one_audit_entry_with_old_and_new(world):
    submission = start(world)
    with at(D(2026, 3, 12)):
        services.save_values(
            submission, {"BUOI": "4", "NGUOI": "120", "KETQUA": "Tốt."}, world["clerk"]
        )
        services.save_values(
            submission, {"BUOI": "5", "NGUOI": "120", "DATCHUAN": "không"}, world["clerk"]
        )
    assert stored(submission) == {"BUOI": 5, "NGUOI": 120, "DATCHUAN": False, "KETQUA": "Tốt."}
    latest, first = list(entries_for(submission).order_by("-pk"))[:2]
    assert first.changes == {"BUOI": [None, "4"], "KETQUA": [None, "Tốt."], "NGUOI": [None, "120"]}
    # Only what changed, each with its old and new value.
    assert latest.changes == {"BUOI": ["4", "5"], "DATCHUAN": [None, "Không"]}
    assert latest.actor == world["clerk"]


def test_a_save_with_one_bad_value_writes_nothing_and_names_each_bad_field(world):
    submission = start(world)
    with at(D(2026, 3, 12)):
        services.save_values(submission, {"BUOI": "4"}, world["clerk"])
        with pytest.raises(ValidationError) as caught:
            services.save_values(
                submission,
                {"BUOI": "5", "NGUOI": "mười", "NU": "-1", "KHAC": "1"},
                world["clerk"],
            )
    assert caught.value.message_dict == {
        "KHAC": ["Không có trong biểu mẫu này."],
        "NGUOI": ["Nhập một số nguyên, ví dụ 12."],
        "NU": ["Không nhận giá trị âm."],
    }
    assert stored(submission) == {"BUOI": 4}
    assert entries_for(submission).count() == 2  # created, first save


def test_a_rule_between_values_is_checked_against_what_is_stored(world):
    submission = start(world)
    with at(D(2026, 3, 12)):
        services.save_values(submission, {"NGUOI": "100"}, world["clerk"])
        with pytest.raises(ValidationError) as caught:
            services.save_values(submission, {"NU": "150"}, world["clerk"])
        assert caught.value.message_dict == {
            "NU": ["«Số nữ tham dự» phải nhỏ hơn hoặc bằng «Số người tham dự»."]
        }
        services.save_values(submission, {"NU": "60"}, world["clerk"])
        # An empty value clears the field; keys not sent are kept.
        services.save_values(submission, {"NU": ""}, world["clerk"])
    assert stored(submission) == {"NGUOI": 100}
    assert entries_for(submission).first().changes == {"NU": ["60", None]}


def test_a_save_that_changes_nothing_leaves_no_entry(world):
    submission = start(world)
    with at(D(2026, 3, 12)):
        services.save_values(submission, {"BUOI": "4"}, world["clerk"])
        services.save_values(submission, {"BUOI": " 4 "}, world["clerk"])
    assert entries_for(submission).count() == 2


def test_hostile_payloads_are_refused_as_validation_errors(world):
    submission = start(world)
    with at(D(2026, 3, 12)):
        for payload in (["BUOI"], {1: "2"}, "BUOI=4", None):
            with pytest.raises(ValidationError):
                services.save_values(submission, payload, world["clerk"])
        with pytest.raises(ValidationError) as caught:
            services.save_values(submission, {"KETQUA": "a\x00b", "BUOI": 1e400}, world["clerk"])
    assert set(caught.value.message_dict) == {"BUOI", "KETQUA"}


# The workflow --------------------------------------------------------------------------------


def test_the_whole_journey_with_a_return_and_an_acceptance(world, monkeypatch):
    accepted, reopened = [], []
    monkeypatch.setattr(rollups, "submission_accepted", accepted.append)
    monkeypatch.setattr(rollups, "submission_reopened", reopened.append)
    submission = start(world)
    with at(D(2026, 3, 12)):
        services.save_values(submission, {"BUOI": "4"}, world["clerk"])
        with pytest.raises(ValidationError) as caught:
            services.submit(submission, world["clerk"])
        assert set(caught.value.message_dict) == {"NGUOI", "NU", "DATCHUAN", "KETQUA"}
        services.save_values(submission, COMPLETE, world["clerk"], complete=True)
        submission = services.submit(submission, world["clerk"])
    assert submission.state == State.SUBMITTED
    assert submission.is_on_time
    with pytest.raises(ValidationError, match="Báo cáo đã gửi"):
        services.save_values(submission, {"BUOI": "6"}, world["clerk"])
    with pytest.raises(PermissionDenied):
        services.accept(submission, world["clerk"])  # a unit does not accept its own report
    with pytest.raises(ValidationError) as caught:
        services.return_submission(submission, "  ", world["officer"])
    assert caught.value.message_dict == {"reason": ["Hãy ghi lý do."]}

    # Returned after the lock date: the unit may still correct it.
    with at(D(2026, 4, 2)):
        submission = services.return_submission(
            submission, "Số người tham dự chưa khớp.", world["officer"]
        )
        assert submission.state == State.RETURNED
        (asked,) = Notification.objects.filter(recipient=world["clerk"])
        assert asked.needs_action and asked.body == "Số người tham dự chưa khớp."
        assert asked.title.startswith("Báo cáo bị trả lại: ")
        services.save_values(submission, {"NGUOI": "130"}, world["clerk"])
        submission = services.submit(submission, world["clerk"])
        asked.refresh_from_db()
        assert asked.done_at is not None  # sent again: nothing left to do
    assert submission.is_on_time  # judged by the first sending
    assert submission.submitted_at.date() == D(2026, 4, 2)
    submission = services.accept(submission, world["officer"])
    assert submission.state == State.ACCEPTED and submission.decided_by == world["officer"]
    assert accepted == [submission]
    with pytest.raises(ValidationError, match="khóa số liệu"):
        services.save_values(submission, {"BUOI": "6"}, world["clerk"])

    with pytest.raises(ValidationError):
        services.reopen(submission, "", world["officer"])
    submission = services.reopen(submission, "Sai số buổi.", world["officer"])
    assert submission.state == State.RETURNED and submission.return_reason == "Sai số buổi."
    assert reopened == [submission]
    services.save_values(submission, {"BUOI": "6"}, world["clerk"])

    states = [e.changes.get("state") for e in entries_for(submission).order_by("pk")]
    assert [s for s in states if s] == [
        [None, "Đang soạn"],
        ["Đang soạn", "Đã gửi"],
        ["Đã gửi", "Bị trả lại"],
        ["Bị trả lại", "Đã gửi"],
        ["Đã gửi", "Đã tiếp nhận"],
        ["Đã tiếp nhận", "Bị trả lại"],
    ]


def test_a_wrong_move_is_refused(world):
    submission = start(world)
    with pytest.raises(ValidationError, match="Đang soạn"):
        services.accept(submission, world["officer"])
    with pytest.raises(ValidationError, match="Đang soạn"):
        services.return_submission(submission, "Lý do", world["officer"])
    with pytest.raises(PermissionDenied):
        services.return_submission(submission, "Lý do", world["clerk_b"])


def test_a_draft_locks_after_the_lock_date_until_the_receiver_reopens_it(world):
    submission = start(world)
    with at(D(2026, 3, 28)):
        services.save_values(submission, {"BUOI": "4"}, world["clerk"])  # last day
    with at(D(2026, 3, 29)):
        with pytest.raises(ValidationError, match="khóa nhập sau ngày 28/03/2026"):
            services.save_values(submission, {"BUOI": "5"}, world["clerk"])
        with pytest.raises(PermissionDenied):
            services.reopen(submission, "Cho nhập muộn.", world["clerk"])
        submission = services.reopen(submission, "Cho nhập muộn.", world["officer"])
        assert submission.state == State.DRAFT and submission.reopened_at
        services.save_values(submission, COMPLETE, world["clerk"])
        submission = services.submit(submission, world["clerk"])
    assert submission.is_on_time is False


def test_an_open_draft_needs_no_reopening(world):
    submission = start(world)
    with at(D(2026, 3, 20)), pytest.raises(ValidationError, match="vẫn đang mở"):
        services.reopen(submission, "Lý do", world["officer"])


# Copy, comments, attachments -----------------------------------------------------------------


def test_copy_from_the_previous_period_fills_only_the_empty_fields(world):
    make_submission(
        regime=world["regime"], organization=world["a"], period="2026-02", values=COMPLETE
    )
    submission = start(world)
    with at(D(2026, 3, 12)):
        services.save_values(submission, {"BUOI": "9"}, world["clerk"])
        assert services.copy_from_previous_period(submission, world["clerk"]) == 4
    assert stored(submission) == {
        "BUOI": 9,
        "NGUOI": 120,
        "NU": 70,
        "DATCHUAN": True,
        "KETQUA": "Đã tổ chức.",
    }
    other = start(world, who="clerk_b", organization="b")
    with at(D(2026, 3, 12)), pytest.raises(ValidationError, match="Kỳ trước chưa có"):
        services.copy_from_previous_period(other, world["clerk_b"])


def test_the_unit_and_the_receiver_comment_on_a_value(world):
    submission = start(world)
    services.add_comment(submission, "NGUOI", "Vì sao giảm?", world["officer"])
    services.add_comment(submission, "NGUOI", "Do mưa lũ.", world["clerk"])
    assert [c.body for c in submission.comments.all()] == ["Vì sao giảm?", "Do mưa lũ."]
    with pytest.raises(ValidationError):
        services.add_comment(submission, "KHAC", "x", world["clerk"])
    with pytest.raises(ValidationError):
        services.add_comment(submission, "NGUOI", "  ", world["clerk"])
    with pytest.raises(PermissionDenied):
        services.add_comment(submission, "NGUOI", "Xem trộm", world["outsider"])
    with pytest.raises(PermissionDenied):
        services.add_comment(submission, "NGUOI", "Xã bên", world["clerk_b"])


def test_an_attachment_goes_through_the_upload_checks(world):
    submission = start(world)
    pdf = SimpleUploadedFile(
        "bao cao.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    )
    with at(D(2026, 3, 12)):
        attachment = services.add_attachment(submission, pdf, world["clerk"])
        assert attachment.name == "bao cao.pdf"
        page = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>")
        with pytest.raises(ValidationError):
            services.add_attachment(submission, page, world["clerk"])
        with pytest.raises(PermissionDenied):
            services.add_attachment(submission, pdf, world["officer"])
    assert submission.attachments.count() == 1


# Who sees what -------------------------------------------------------------------------------


def test_a_commune_sees_only_its_own_and_the_receiver_its_reporters(world):
    mine = make_submission(regime=world["regime"], organization=world["a"])
    theirs = make_submission(regime=world["regime"], organization=world["b"])
    elsewhere = make_submission()  # another regime, another receiver
    visible = Submission.objects.visible_to
    assert set(visible(world["clerk"])) == {mine}
    assert set(visible(world["clerk_b"])) == {theirs}
    assert set(visible(world["officer"])) == {mine, theirs}
    assert not visible(world["outsider"]).exists()
    assert elsewhere not in visible(world["officer"])
    collaborator = member(world["a"], Role.COLLABORATOR)
    assert set(visible(collaborator)) == {mine}
    # Sees it, but does not write it.
    with pytest.raises(PermissionDenied), at(D(2026, 3, 12)):
        services.save_values(mine, {"BUOI": "1"}, collaborator)


def test_values_are_stored_as_numbers_and_texts(world):
    submission = make_submission(regime=world["regime"], organization=world["a"], values=COMPLETE)
    rows = {v.indicator.code: v for v in Value.objects.filter(submission=submission)}
    assert rows["BUOI"].number == 4 and rows["DATCHUAN"].number == 1
    assert submission.narratives.get().text == "Đã tổ chức."
