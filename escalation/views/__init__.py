from .health import health
from .metrics import metrics
from .oncall import oncall

__all__ = ["health", "metrics", "oncall"]
