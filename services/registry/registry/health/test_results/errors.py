from shouhu_common.problems import Forbidden, NotFound, ProblemError


class RoundNotFound(NotFound):
    slug = "testing-round-not-found"
    title_zh, title_en = "未找到该核酸轮次", "No such testing round"


class HouseholdNotOnRetestList(NotFound):
    slug = "household-not-on-retest-list"
    title_zh, title_en = (
        "该户不在本轮复核名单中",
        "The household is not on the round's re-test list",
    )


class NotALab(Forbidden):
    slug = "not-a-lab"
    title_zh, title_en = "仅检测机构可回传结果", "Only a lab partner may post results"


class LabResultsRejected(ProblemError):
    """Extension member `problems`: [{row, barcode, message}], every line that is wrong; none of
    the post was applied."""

    status, slug = 422, "lab-results-rejected"
    title_zh, title_en = "结果有误，全部未保存", "Results refused: none were applied"


class DecisionReasonRequired(ProblemError):
    status, slug = 422, "decision-reason-required"
    title_zh, title_en = "请填写处置理由", "Give the reason for the decision"
