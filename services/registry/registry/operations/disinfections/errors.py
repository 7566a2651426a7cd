from shouhu_common.problems import NotFound, ProblemError


class DisinfectionRecordNotFound(NotFound):
    slug = "disinfection-record-not-found"
    title_zh, title_en = "消毒记录不存在", "Disinfection record not found"


class DisinfectionScheduleNotFound(NotFound):
    slug = "disinfection-schedule-not-found"
    title_zh, title_en = "消毒计划不存在", "Disinfection schedule not found"


class InvalidDisinfectionTime(ProblemError):
    status, slug = 422, "invalid-disinfection-time"
    title_zh, title_en = "消毒时间有误", "Invalid disinfection time"


class DisinfectionClientIdReused(ProblemError):
    status, slug = 422, "client-id-reused"
    title_zh, title_en = (
        "该客户端编号已用于另一条记录",
        "This client_id was used for another record",
    )
