from shouhu_common.problems import Conflict, Forbidden, NotFound, ProblemError


class ShiftNotFound(NotFound):
    slug = "shift-not-found"
    title_zh, title_en = "班次不存在", "Shift not found"


class ShiftTemplateNotFound(NotFound):
    slug = "shift-template-not-found"
    title_zh, title_en = "班次模板不存在", "Shift template not found"


class ShiftGateNotFound(NotFound):
    slug = "gate-not-found"
    title_zh, title_en = "卡口不存在", "Gate not found"


class ShiftWorkerNotFound(NotFound):
    slug = "worker-not-found"
    title_zh, title_en = "工作人员不存在", "Worker not found"


class ShiftEndsBeforeStart(ProblemError):
    status, slug = 422, "shift-ends-before-start"
    title_zh, title_en = "班次结束时间早于开始时间", "The shift ends before it starts"


class ShiftTooLong(ProblemError):
    status, slug = 422, "shift-too-long"
    title_zh, title_en = "班次不能超过 24 小时", "A shift lasts at most 24 hours"


class ShiftExists(Conflict):
    slug = "shift-exists"
    title_zh, title_en = "该卡口已有相同时段的班次", "The gate already has a shift at that time"


class ShiftOverlap(Conflict):
    slug = "shift-overlap"
    title_zh, title_en = (
        "该人员在此时段已有其他班次",
        "The worker is already on another shift at that time",
    )


class AlreadyOnShift(Conflict):
    slug = "already-on-shift"
    title_zh, title_en = "该人员已在此班次中", "The worker is already on this shift"


class WorkerInactive(Conflict):
    slug = "worker-inactive"
    title_zh, title_en = "该人员已停用，不能排班", "The worker is deactivated"


class NotOnShift(Conflict):
    slug = "not-on-shift"
    title_zh, title_en = "该人员不在此班次中", "The worker is not on this shift"


class NoWorkerForAccount(Conflict):
    slug = "no-worker-for-account"
    title_zh, title_en = (
        "您的账号未关联本社区的工作人员名册",
        "Your account is not linked to a worker of this community",
    )


class CheckInOutsideShift(Conflict):
    slug = "check-in-outside-shift"
    title_zh, title_en = "不在班次时间内，不能签到", "Check-in is only open around the shift"


class NotCheckedIn(Conflict):
    slug = "not-checked-in"
    title_zh, title_en = "尚未签到，不能签退", "Not checked in yet"


class ShiftStarted(Conflict):
    slug = "shift-started"
    title_zh, title_en = (
        "已有人签到，不能删除或撤下",
        "Someone has checked in: the shift's record stays",
    )


class OnlyYourself(Forbidden):
    slug = "only-yourself"
    title_zh, title_en = "只能为自己签到签退", "You may only check yourself in and out"


class ShiftClientIdReused(ProblemError):
    status, slug = 422, "client-id-reused"
    title_zh, title_en = (
        "该客户端编号已用于另一条记录",
        "This client_id was used for another record",
    )


class CoverageRangeInvalid(ProblemError):
    status, slug = 422, "coverage-range-invalid"
    title_zh, title_en = "查询时段有误", "Invalid date range"


class ShiftTemplateInvalid(ProblemError):
    status, slug = 422, "shift-template-invalid"
    title_zh, title_en = "班次模板有误", "Invalid shift template"
