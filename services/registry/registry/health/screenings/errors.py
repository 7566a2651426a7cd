from shouhu_common.problems import Conflict, NotFound, ProblemError


class ScreeningHouseholdNotFound(NotFound):
    slug = "screening-household-not-found"
    title_zh, title_en = "住户不存在", "Household not found"


class NoScreeningRound(Conflict):
    slug = "no-screening-round"
    title_zh, title_en = "社区尚未开始排查轮次", "No screening round has been started"


class ScreeningClientIdReused(ProblemError):
    status, slug = 422, "client-id-reused"
    title_zh, title_en = (
        "该客户端编号已用于另一条记录",
        "This client_id was used for another record",
    )
