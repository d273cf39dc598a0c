from phoihop.plans.models.buckets import BUCKET_FILTER_LABELS, BUCKET_FILTERS, Bucket

from .cases import (
    NUMBER_PREFIX,
    Case,
    CaseParticipant,
    CaseSequence,
    Channel,
    Item,
    ItemAttachment,
    Kind,
)
from .deadlines import CaseExtension, DeadlineRule
from .groups import (
    PressOrientation,
    WorkingGroup,
    WorkingGroupLogEntry,
    WorkingGroupMember,
    WorkingGroupTask,
)
from .notes import OpinionNote, OpinionTopic
from .people import Citizen, ConsentText
from .public import Open311Key, Publication
from .requests import DataRequest
from .retention import RetentionRule
from .routing import RoutingRule

__all__ = [
    "BUCKET_FILTERS",
    "BUCKET_FILTER_LABELS",
    "NUMBER_PREFIX",
    "Bucket",
    "Case",
    "CaseExtension",
    "CaseParticipant",
    "CaseSequence",
    "Channel",
    "Citizen",
    "ConsentText",
    "DataRequest",
    "DeadlineRule",
    "Item",
    "ItemAttachment",
    "Kind",
    "Open311Key",
    "OpinionNote",
    "OpinionTopic",
    "PressOrientation",
    "Publication",
    "RetentionRule",
    "RoutingRule",
    "WorkingGroup",
    "WorkingGroupLogEntry",
    "WorkingGroupMember",
    "WorkingGroupTask",
]
