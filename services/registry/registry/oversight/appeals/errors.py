from shouhu_common.problems import Conflict, NotFound, ProblemError


class AppealNotFound(NotFound):
    slug = "appeal-not-found"
    title_zh, title_en = "申诉不存在", "Appeal not found"


class AppealedRecordNotFound(NotFound):
    slug = "appealed-record-not-found"
    title_zh, title_en = "找不到要申诉的记录", "No such quarantine or pass of your household"


class AppealAlreadyOpen(Conflict):
    slug = "appeal-already-open"
    title_zh, title_en = "该记录已有待答复的申诉", "This record already has an open appeal"


class AppealAlreadyAnswered(Conflict):
    slug = "appeal-already-answered"
    title_zh, title_en = "该申诉已答复", "This appeal was already answered"


class AppealClientIdReused(ProblemError):
    status, slug = 409, "client-id-reused"
    title_zh, title_en = "该编号已用于其他记录", "This client_id belongs to another record"
