from shouhu_common.problems import Conflict, NotFound, ProblemError


class QuarantineNotFound(NotFound):
    slug = "quarantine-not-found"
    title_zh, title_en = "隔离记录不存在", "Quarantine not found"


class QuarantineSubjectNotFound(NotFound):
    slug = "quarantine-subject-not-found"
    title_zh, title_en = "住户或居民不存在", "Household or person not found"


class AlreadyInQuarantine(Conflict):
    slug = "already-in-quarantine"
    title_zh, title_en = "该住户或居民已在隔离中", "Already under quarantine"


class QuarantineReleased(Conflict):
    slug = "quarantine-released"
    title_zh, title_en = "隔离已解除", "The quarantine was already released"


class InvalidQuarantineDates(ProblemError):
    status, slug = 422, "invalid-quarantine-dates"
    title_zh, title_en = "隔离日期有误", "Invalid quarantine dates"


class ClientIdReused(ProblemError):
    status, slug = 422, "client-id-reused"
    title_zh, title_en = (
        "该客户端编号已用于另一条记录",
        "This client_id was used for another record",
    )


class NoticeOnlyForHomeQuarantine(Conflict):
    slug = "notice-only-for-home-quarantine"
    title_zh, title_en = "仅居家隔离需张贴告知书", "Door notices are for home quarantine only"


class NoticeFontMissing(ProblemError):
    status, slug = 503, "notice-font-missing"
    title_zh = "服务器缺少中文字体，无法生成告知书"
    title_en = "No Chinese font on the server: the notice cannot be printed"


class ReleaseReasonRequired(ProblemError):
    status, slug = 422, "release-reason-required"
    title_zh, title_en = (
        "提前解除隔离须选择原因",
        "Releasing before the planned end needs a reason code",
    )
