"""OpenAPI: every 4xx/5xx response of every operation is a ProblemDetails (RFC 9457,
application/problem+json), the shape participatie/problems.py produces. A drf-spectacular
postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""

from __future__ import annotations

import copy

PROBLEM_DETAILS = {
    "type": "object",
    "description": (
        "An error, as RFC 9457 problem details (media type application/problem+json). "
        "Field messages are in `errors`, never at the top level."
    ),
    "properties": {
        "type": {
            "type": "string",
            "format": "uri-reference",
            "description": 'Always "about:blank": the status code says what kind of problem.',
            "example": "about:blank",
        },
        "title": {
            "type": "string",
            "description": "The standard phrase of the status code.",
            "example": "Bad Request",
        },
        "status": {"type": "integer", "description": "The HTTP status code.", "example": 400},
        "detail": {
            "type": "string",
            "description": "What went wrong in this request, in the request's language.",
            "example": "Some fields are not valid; see errors.",
        },
        "errors": {
            "type": "object",
            "description": (
                "Only for invalid input: the messages per field (`non_field_errors` for the "
                "request as a whole). A nested field has its messages nested the same way."
            ),
            "additionalProperties": {},
            "example": {"title": ["This field may not be blank."]},
        },
    },
    "required": ["type", "title", "status", "detail"],
}

REF = {"$ref": "#/components/schemas/ProblemDetails"}
CONTENT = {"application/problem+json": {"schema": REF}}
HEADER_RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before trying again.",
    }
}
DESCRIPTIONS = {
    "400": "Invalid input: the messages per field are in `errors`.",
    "403": "Not allowed for this user, with the reason in `detail`.",
    "404": "Nothing at this address, or not visible to this user.",
    "413": "The request body is too large.",
    "429": "Too many requests; see Retry-After.",
    "500": "An error on the server's side.",
    "503": "The database is unreachable for a moment; see Retry-After.",
}
WRITES = {"post", "put", "patch", "delete"}


def _expected(path: str, method: str, operation: dict) -> set[str]:
    codes = {"500", "503"}
    if operation.get("parameters") or operation.get("requestBody"):
        codes.add("400")
    if "{" in path:
        codes.add("404")
    if method in WRITES or "/private/" in path:
        codes.add("403")
    if method in WRITES and operation.get("requestBody"):
        codes.add("413")
    if "/public/" in path:
        codes.add("429")  # the anonymous rate limit, and the residents' write limits
    return codes


def problem_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["ProblemDetails"] = (
        PROBLEM_DETAILS
    )
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "put", "post", "patch", "delete", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            for code in _expected(path, method, operation):
                responses.setdefault(code, {"description": DESCRIPTIONS[code]})
            for code, response in responses.items():
                if code[:1] not in ("4", "5"):
                    continue
                # Copies: a YAML dump would write shared objects as anchors and aliases.
                response["content"] = copy.deepcopy(CONTENT)
                if code in ("429", "503"):
                    response["headers"] = copy.deepcopy(HEADER_RETRY_AFTER)
                response.setdefault("description", DESCRIPTIONS.get(code, ""))
            operation["responses"] = dict(sorted(responses.items()))
    return result
