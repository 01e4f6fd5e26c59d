"""The API description covers every route, and /docs renders it from local assets."""

from __future__ import annotations

import re

from starlette.routing import Route

from chatbot.app import create_app


def test_openapi_describes_every_route_with_its_methods(client, settings):
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    described = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    app = create_app(settings)
    served = {
        (re.sub(r":\w+}", "}", route.path), method)
        for route in app.routes
        if isinstance(route, Route) and route.path not in ("/openapi.json", "/docs", "/app", "/favicon.ico")
        for method in route.methods - {"HEAD"}
    }
    assert served - described == set(), "routes missing from /openapi.json"
    chat = document["paths"]["/api/{user_id}/chat"]["post"]
    assert {"200", "401", "403", "404", "413", "422", "503"} <= set(chat["responses"])
    assert chat["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ChatRequest"}


def test_every_reference_resolves(client):
    document = client.get("/openapi.json").json()
    text = str(document)
    import re

    for kind, name in re.findall(r"#/components/(schemas|parameters)/(\w+)", text):
        assert name in document["components"][kind], name


def test_docs_page_and_its_assets_come_from_this_server(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    assert "http" not in page.text.split("<body>")[1].replace('url: "/openapi.json"', ""), "no asset from another host"
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs/assets/swagger-ui.css").status_code == 200
