from .action_item import ActionItem
from .choices import (
    ActionItemPriority,
    ActionItemStatus,
    ActionItemType,
    ReviewCause,
    ReviewStatus,
)
from .review import TEXT_SECTIONS, Review, ReviewAmendment

__all__ = [
    "TEXT_SECTIONS",
    "ActionItem",
    "ActionItemPriority",
    "ActionItemStatus",
    "ActionItemType",
    "Review",
    "ReviewAmendment",
    "ReviewCause",
    "ReviewStatus",
]
