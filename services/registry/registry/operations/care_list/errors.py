from shouhu_common.problems import NotFound, ProblemError


class CareEntryNotFound(NotFound):
    slug = "care-entry-not-found"
    title_zh, title_en = "关爱名单中没有此人", "No such care entry in your area"


class CarePersonNotFound(NotFound):
    slug = "care-person-not-found"
    title_zh, title_en = "找不到该居民", "No such person in your area"


class InvalidCheckInTime(ProblemError):
    status, slug = 422, "invalid-check-in-time"
    title_zh, title_en = "回访时间有误", "Invalid check-in time"


class CheckInClientIdReused(ProblemError):
    status, slug = 409, "client-id-reused"
    title_zh, title_en = "该编号已用于其他记录", "This client_id belongs to another record"


class CareEntryInactive(ProblemError):
    status, slug = 409, "care-entry-inactive"
    title_zh, title_en = "此人已移出关爱名单", "This person is no longer on the care list"
