"""`/openapi.json` and `/docs`: the API described, and rendered with Swagger UI from a package (no CDN)."""

from __future__ import annotations

from functools import cache

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from chatbot.openapi import spec

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Todo chatbot API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true});
  </script>
</body>
</html>
"""


@cache
def _document() -> dict:
    return spec()


async def openapi_json(request: Request) -> Response:
    return JSONResponse(_document())


async def docs(request: Request) -> Response:
    return HTMLResponse(PAGE)


routes = [
    Route("/openapi.json", openapi_json, methods=["GET"]),
    Route("/docs", docs, methods=["GET"]),
    # FastAPI-style quickstarts send people to /redoc; the same document is rendered at /docs, from local files.
    Route("/redoc", lambda request: RedirectResponse("/docs", status_code=307), methods=["GET"]),
    Mount("/docs/assets", StaticFiles(directory=str(swagger_ui_path)), name="swagger-assets"),
]
