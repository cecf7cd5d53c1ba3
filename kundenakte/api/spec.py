"""The OpenAPI 3 document of /api/v1, generated from the routes and their pydantic models by spectree.

spectree, because it decorates the plain Flask views we have (no new framework around them, unlike apiflask
or flask-smorest), takes the pydantic models the project already uses, validates queries and answers against
the same models. The document is served at `/api/v1/openapi.json` (and spectree's own `/api/spec/openapi.json`);
the interactive page `/api/spec/docs/` is Swagger UI from this site's own files (no CDN: nothing is loaded
from the network at run time).
"""

from __future__ import annotations

from typing import Any

from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree

DOCS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Kundenakte API</title>
<link rel="stylesheet" href="/api/v1/static/swagger-ui.css"></head>
<body><div id="swagger-ui" data-spec="{spec_url}"></div>
<script src="/api/v1/static/swagger-ui-bundle.js"></script><script src="/api/v1/static/docs.js"></script>
</body></html>"""

#: a file sent as the body itself (a zip, a workbook, a mail): bytes
BINARY: dict[str, Any] = {"type": "string", "format": "binary"}
#: a text file sent as the body itself (a calendar, a CSV)
TEXT: dict[str, Any] = {"type": "string"}


class ApiSpec(SpecTree):
    """spectree's document, plus request bodies of types its models do not describe: files sent as the body
    itself (`application/zip`, `message/rfc822`, `text/calendar`, `text/csv`), declared with `raw_body`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.raw_bodies: dict[tuple[str, str], dict[str, Any]] = {}
        self.path_choices: dict[tuple[str, str], list[str]] = {}

    def choices(self, path: str, name: str, values: list[str]) -> None:
        """Document the path parameter `name` of `path` as one of `values` (the route answers 404 to others)."""
        self.path_choices[(path, name)] = list(values)

    def raw_body(self, path: str, method: str, content: dict[str, dict[str, Any]], *, json: bool = False) -> None:
        """Document `content` (media type -> schema) as the body of `method path` (the document's path, e.g.
        `/api/v1/inbound/mail`); `json=True` keeps the JSON body spectree documents beside it."""
        self.raw_bodies[(path, method.lower())] = {"content": content, "json": json}

    def _generate_spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = super()._generate_spec()
        for (path, method), declared in self.raw_bodies.items():
            operation = spec["paths"].get(path, {}).get(method)
            if operation is None:
                continue
            kept = operation.get("requestBody", {}).get("content", {}) if declared["json"] else {}
            operation["requestBody"] = {"required": True, "content": {**kept, **declared["content"]}}
        for (path, name), values in self.path_choices.items():
            for operation in spec["paths"].get(path, {}).values():
                for parameter in operation.get("parameters", []):
                    if parameter.get("in") == "path" and parameter.get("name") == name:
                        parameter["schema"] = {"type": "string", "enum": values}
        return spec


SPEC = ApiSpec(
    "flask",
    title="Kundenakte API",
    version="1",
    description="The digital customer record for other systems. Send `Authorization: Bearer <token>` "
                "(`kundenakte tokens create`). Dates are ISO (YYYY-MM-DD), money plain numbers in euro.",
    # spectree leaves routes under its own path out of the document: its pages live beside /api/v1
    path="api/spec",
    filename="openapi.json",
    mode="strict",
    page_templates={"docs": DOCS_PAGE},
    validation_error_status=400,
    annotations=False,
    security_schemes=[SecurityScheme(name="bearer", data=SecuritySchemeData(type="http", scheme="bearer"))],
    security={"bearer": []},
)

#: the refusals every route may answer
REFUSALS = {"HTTP_400": None, "HTTP_401": None, "HTTP_403": None, "HTTP_404": None}


def answers(ok: type, **more: type | None) -> Response:
    """The documented answers of a route: `ok` for 200 and the refusals (400 bad query, 401, 403, 404)."""
    from kundenakte.api.models import Error

    return Response(HTTP_200=ok, **{code: Error for code in REFUSALS}, **more)


def write_answers(ok: type, status: int = 200, **more: type | None) -> Response:
    """The documented answers of a write: `ok` for `status`, the refusals (400: the body does not match its
    schema; 401, 403, 404) and 422 (a well-formed write the rules refuse: a date in the future, no supplier)."""
    from kundenakte.api.models import Error

    return Response(**{f"HTTP_{status}": ok}, **{code: Error for code in REFUSALS}, HTTP_422=Error, **more)


__all__ = ["BINARY", "DOCS_PAGE", "SPEC", "TEXT", "ApiSpec", "answers", "write_answers"]
