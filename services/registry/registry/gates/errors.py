from shouhu_common.problems import Forbidden, NotFound, ProblemError


class GateNotFound(NotFound):
    slug = "gate-not-found"
    title_zh, title_en = "卡口不存在", "Gate not found"


class NotYourGate(Forbidden):
    slug = "not-your-gate"
    title_zh, title_en = "您未被安排在此卡口值守", "You are not posted at this gate"


class CommunityNotFound(NotFound):
    slug = "community-not-found"
    title_zh, title_en = "社区不存在", "Community not found"


class HouseholdNotFound(NotFound):
    slug = "household-not-found"
    title_zh, title_en = "住户不存在", "Household not found"


class GateNameTaken(ProblemError):
    status, slug = 409, "gate-name-taken"
    title_zh, title_en = "该社区已有同名卡口", "The community already has a gate of that name"


class InvalidPassage(ProblemError):
    status, slug = 422, "invalid-passage"
    title_zh, title_en = "出入登记数据有误", "Invalid passage"
