"""The OpenAPI document tells every error an operation can answer, as the API answers it (issue 17).

A drf-spectacular post-processing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]): every
operation gets 401 (no or a bad token) and 403 (a role without the action: every operation names
one, core.api.HasRoleAction); an operation with a path parameter gets 404 (no such record, or not one
you may see: the same answer); an operation with a request body gets 400, 413 (over the body limit,
core.middleware.ApiProblemMiddleware) and 415 (another content type). Every error response is
`application/problem+json`, with the Problem schema unless the view documents its own (a refusal with
reasons, 422). What a view documents itself is kept: its words, its schema. Every JSON request body
says `additionalProperties: false`: the API refuses a field it does not take (core.api.StrictSerializer).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension

from .api import PROBLEM_CONTENT_TYPE

PROBLEM_REF = "#/components/schemas/Problem"
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An error, as RFC 9457 describes it, with words a person can act on",
    "properties": {
        "type": {"type": "string", "description": '"about:blank": the title is the HTTP status\'s own'},
        "title": {"type": "string", "description": "The HTTP status in words, e.g. Not Found"},
        "status": {"type": "integer", "description": "The HTTP status code"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "Question id, section id or request field -> what is wrong",
        },
    },
    "required": ["detail"],
}
STANDARD = {
    "400": "The request is not valid: `errors` says what is wrong with each field",
    "401": "No credentials, or a token that is unknown or expired",
    "403": "Your role may not do this",
    "404": "No such record, or not one you may see (the same answer)",
    "413": "The request body is larger than this address reads",
    "415": "The request's content type is not one this address takes",
}


def _problem_content(schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {PROBLEM_CONTENT_TYPE: {"schema": schema or {"$ref": PROBLEM_REF}}}


def problem_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            has_path = any(p.get("in") == "path" for p in operation.get("parameters", []))
            has_body = "requestBody" in operation
            wanted = ["401", "403"] + (["404"] if has_path else []) + (["400", "413", "415"] if has_body else [])
            for code in wanted:
                responses.setdefault(code, {"description": STANDARD[code]})
            for code, response in list(responses.items()):
                if not str(code).startswith(("4", "5")):
                    continue
                if response.get("description") in ("", "No response body"):
                    response["description"] = STANDARD.get(str(code), "Refused")
                content: dict[str, Any] = response.get("content") or {}
                first: dict[str, Any] = next(iter(content.values()), {})
                response["content"] = _problem_content(first.get("schema"))
            operation["responses"] = dict(sorted(responses.items()))
    return result


class StrictSerializerExtension(OpenApiSerializerExtension):
    """A request body of a StrictSerializer says `additionalProperties: false`: the API refuses a field
    it does not take. (Registered on import: CoreConfig.ready imports this module.)"""

    target_class = "ttg.core.api.StrictSerializer"
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: str) -> Any:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        return schema
