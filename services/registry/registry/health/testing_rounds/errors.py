from shouhu_common.problems import Conflict, NotFound, ProblemError


class RoundNotFound(NotFound):
    slug = "testing-round-not-found"
    title_zh, title_en = "核酸检测轮次不存在", "Testing round not found"


class SlotNotFound(NotFound):
    slug = "round-slot-not-found"
    title_zh, title_en = "该时段不存在", "Slot not found"


class RoundPersonNotFound(NotFound):
    slug = "person-not-found"
    title_zh, title_en = "居民不存在", "Person not found"


class RoundBuildingNotFound(NotFound):
    slug = "building-not-found"
    title_zh, title_en = "楼栋不存在", "Building not found"


class RoundHouseholdNotFound(NotFound):
    slug = "household-not-found"
    title_zh, title_en = "住户不存在", "Household not found"


class RoundStatusConflict(Conflict):
    slug = "round-status-conflict"
    title_zh, title_en = (
        "轮次状态只能依次为：计划中 → 采样中 → 已结束",
        "A round goes planned → sampling → closed only",
    )


class RoundClosed(Conflict):
    slug = "round-closed"
    title_zh, title_en = "该轮次已结束，不能再修改", "The round is closed: it cannot change"


class InvalidSlot(ProblemError):
    status, slug = 422, "invalid-slot"
    title_zh, title_en = "时段设置有误", "Invalid slot"


class PointsTooSmall(ProblemError):
    status, slug = 422, "points-too-small"
    title_zh, title_en = (
        "采样点开放时间内采不完全部住户，请增加采样台或延长开放时间",
        "The points cannot sample every household within their hours",
    )


class RoundIdempotencyKeyReused(ProblemError):
    status, slug = 422, "idempotency-key-reused"
    title_zh = "该幂等键已用于另一个请求"
    title_en = "This Idempotency-Key was already used for a different request"


class RoundPosterFontMissing(ProblemError):
    status, slug = 503, "poster-font-missing"
    title_zh = "服务器缺少中文字体，无法生成海报"
    title_en = "No Chinese font on the server: the poster cannot be printed"
