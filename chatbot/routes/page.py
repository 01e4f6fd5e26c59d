"""`/app`: the chat page, plain files served from the package, no build step."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent.parent / "static"


async def page(request: Request) -> Response:
    return FileResponse(STATIC / "app.html", headers={"Cache-Control": "no-cache"})


routes = [
    Route("/app", page, methods=["GET"]),
    Mount("/app/assets", StaticFiles(directory=STATIC), name="app-assets"),
]
