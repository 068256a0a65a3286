from .health import health
from .oncall import oncall

__all__ = ["health", "oncall"]
