from shouhu_common.problems import Conflict, NotFound, ProblemError


class RoundNotFound(NotFound):
    slug = "testing-round-not-found"
    title_zh, title_en = "未找到该核酸检测轮次", "Testing round not found"


class PersonNotFound(NotFound):
    slug = "person-not-found"
    title_zh, title_en = "查无此人", "No person with this ID number"


class HouseholdNotFound(NotFound):
    slug = "household-not-found"
    title_zh, title_en = "未找到该户（或不在您负责的楼栋）", "Household not found in your area"


class KnockClientIdReused(Conflict):
    slug = "client-id-reused"
    title_zh, title_en = "client_id 已用于另一条敲门记录", "client_id belongs to another knock"


class InvalidKnockTime(ProblemError):
    status, slug = 422, "invalid-knock-time"
    title_zh, title_en = "敲门时间有误", "Invalid knock time"
