from participatie.voting.models.ballots import Ballot, Participation, VotingCode
from participatie.voting.models.comments import ProjectComment
from participatie.voting.models.projects import DesignOption, OptionImage, RedesignProject

__all__ = [
    "Ballot",
    "DesignOption",
    "OptionImage",
    "Participation",
    "ProjectComment",
    "RedesignProject",
    "VotingCode",
]
