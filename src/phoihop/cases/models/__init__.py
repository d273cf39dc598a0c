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
from .people import Citizen, ConsentText
from .public import Open311Key, Publication
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
    "DeadlineRule",
    "Item",
    "ItemAttachment",
    "Kind",
    "Open311Key",
    "Publication",
    "RetentionRule",
    "RoutingRule",
]
