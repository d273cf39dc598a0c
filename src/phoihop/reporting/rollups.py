"""Roll-ups of accepted values (issue 16, item 7): kept current the moment a submission is
accepted or reopened. The services call these two functions inside their transaction.

The storage itself is being built (lane "rollups"); until it lands these keep nothing.
"""


def submission_accepted(submission) -> None:
    """Add the submission's values to every roll-up they count in."""


def submission_reopened(submission) -> None:
    """Take the submission's values out of every roll-up they count in."""
