"""Reading the API's errors: RFC 9457 problem details (participatie/problems.py).

`problem(response)` checks the documented members and returns the body; `field_errors`
returns its `errors` member, {field: [messages]}, which every 400 about input carries.
"""

from __future__ import annotations

from http import HTTPStatus

PROBLEM_JSON = "application/problem+json"


def problem(response) -> dict:
    assert response.headers["Content-Type"] == PROBLEM_JSON, (
        response.status_code,
        response.headers.get("Content-Type"),
        response.content[:300],
    )
    body = response.json()
    assert body["type"] == "about:blank", body
    assert body["status"] == response.status_code, body
    assert body["title"] == HTTPStatus(response.status_code).phrase, body
    assert isinstance(body["detail"], str) and body["detail"].strip(), body
    return body


def field_errors(response) -> dict:
    """The messages per field of a problem; fails when it has none."""
    errors = problem(response)["errors"]
    assert isinstance(errors, dict) and errors, errors
    return errors
