"""The OpenAPI 3 document of /api/v1, generated from the routes and their pydantic models by spectree.

spectree, because it decorates the plain Flask views we have (no new framework around them, unlike apiflask
or flask-smorest), takes the pydantic models the project already uses, validates queries and answers against
the same models. The document is served at `/api/v1/openapi.json` (and spectree's own `/api/spec/openapi.json`);
the interactive page `/api/spec/docs/` is Swagger UI from this site's own files (no CDN: nothing is loaded
from the network at run time).
"""

from __future__ import annotations

from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree

DOCS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Kundenakte API</title>
<link rel="stylesheet" href="/api/v1/static/swagger-ui.css"></head>
<body><div id="swagger-ui" data-spec="{spec_url}"></div>
<script src="/api/v1/static/swagger-ui-bundle.js"></script><script src="/api/v1/static/docs.js"></script>
</body></html>"""

SPEC = SpecTree(
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


__all__ = ["DOCS_PAGE", "SPEC", "answers"]
