from .base import HandbookPage, HandbookPageManager, HandbookPageQuerySet
from .news import NewsArticlePage
from .units import UNIT_PAGE_CLASSES, CellPage, CentralPage, Level, ProvincePage, UnitPage, WardPage

__all__ = [
    "UNIT_PAGE_CLASSES",
    "CellPage",
    "CentralPage",
    "HandbookPage",
    "HandbookPageManager",
    "HandbookPageQuerySet",
    "Level",
    "NewsArticlePage",
    "ProvincePage",
    "UnitPage",
    "WardPage",
]
