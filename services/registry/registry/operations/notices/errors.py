from shouhu_common.problems import NotFound, ProblemError


class NoticeNotFound(NotFound):
    slug = "notice-not-found"
    title_zh, title_en = "通知不存在", "Notice not found"


class InvalidNoticeDates(ProblemError):
    status, slug = 422, "invalid-notice-dates"
    title_zh, title_en = "通知的发布或截止时间有误", "Invalid publish or expiry time"


class NoticeClientIdReused(ProblemError):
    status, slug = 422, "client-id-reused"
    title_zh, title_en = (
        "该客户端编号已用于另一条记录",
        "This client_id was used for another record",
    )


class PosterFontMissing(ProblemError):
    status, slug = 503, "poster-font-missing"
    title_zh = "服务器缺少中文字体，无法生成海报"
    title_en = "No Chinese font on the server: the poster cannot be printed"
