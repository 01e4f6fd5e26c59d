"""`GET /metrics`: the service's Prometheus metrics, when switched on."""

from __future__ import annotations

import hmac

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from chatbot.auth import bearer_token
from chatbot.errors import NotFound, Unauthorized
from chatbot.metrics import exposition
from chatbot.routes.common import app_state


async def metrics(request: Request) -> Response:
    """`GET /metrics`: 404 unless switched on; with METRICS_TOKEN set, only for that bearer token."""
    settings = app_state(request).settings
    if not (settings.metrics_enabled or settings.metrics_token):
        raise NotFound("Metrics are off; set METRICS_ENABLED=true or METRICS_TOKEN to serve them.")
    if settings.metrics_token:
        # The one reading of the Authorization header every route shares (RFC 6750: the scheme is required, in any case).
        given = bearer_token(request.headers.get("authorization"))
        if not hmac.compare_digest(given.encode(), settings.metrics_token.encode()):
            raise Unauthorized("Send 'Authorization: Bearer <METRICS_TOKEN>' to read the metrics.", code="invalid_token")
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)


routes = [Route("/metrics", metrics, methods=["GET"])]
