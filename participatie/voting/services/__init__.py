"""Writes of redesign projects: designers' projects and options, voting codes, and votes.
Keyword-only, each owns its transaction; errors are ValidationErrors keyed by field, and
PermissionDenied when the user may not do this at all."""

from participatie.voting.services.codes import codes_generate
from participatie.voting.services.comments import comment_create, comments_of_author_remove
from participatie.voting.services.options import (
    option_delete,
    option_image_add,
    option_image_remove,
)
from participatie.voting.services.projects import (
    option_save,
    options_correct,
    project_publish,
    project_save,
    result_publish,
    voting_close,
)
from participatie.voting.services.votes import VoteReceipt, vote_cast

__all__ = [
    "VoteReceipt",
    "codes_generate",
    "comment_create",
    "comments_of_author_remove",
    "option_delete",
    "option_image_add",
    "option_image_remove",
    "option_save",
    "options_correct",
    "project_publish",
    "project_save",
    "result_publish",
    "vote_cast",
    "voting_close",
]
