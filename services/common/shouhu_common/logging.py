"""JSON structured logs (structlog), one line per event, Chinese kept readable."""

from __future__ import annotations

import logging
import sys

import structlog


def configure_logging(level: str = "INFO", service: str = "shouhu") -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=level.upper(), force=True)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    # httpx logs every request at INFO; the access log already has one line per request.
    logging.getLogger("httpx").setLevel(logging.WARNING)
