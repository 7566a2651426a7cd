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


class PassNotFound(NotFound):
    slug = "gate-pass-not-found"
    title_zh, title_en = "出入证不存在", "Pass not found"


class PersonNotInHousehold(ProblemError):
    status, slug = 422, "gate-person-not-in-household"
    title_zh = "该人员不属于此出入证的住户"
    title_en = "The person is not a member of the pass's household"
