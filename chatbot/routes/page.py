"""`/app`: the chat page, plain files served from the package, no build step."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent.parent / "static"


# A check mark in a rounded square; browsers ask for /favicon.ico on every page, so it is served rather than a 404.
ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="8" fill="#1d4ed8"/>'
    '<path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/>'
    "</svg>"
)


async def page(request: Request) -> Response:
    return FileResponse(STATIC / "app.html", headers={"Cache-Control": "no-cache"})


async def icon(request: Request) -> Response:
    return Response(ICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})


routes = [
    Route("/app", page, methods=["GET"]),
    Route("/favicon.ico", icon, methods=["GET"]),
    Mount("/app/assets", StaticFiles(directory=STATIC), name="app-assets"),
]
