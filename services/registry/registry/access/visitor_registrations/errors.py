from shouhu_common.problems import Conflict, NotFound, ProblemError


class GatePosterUnknown(NotFound):
    slug = "gate-poster-unknown"
    title_zh, title_en = (
        "二维码无效或已更换，请扫描卡口张贴的最新二维码",
        "Unknown or replaced poster: scan the one posted at the gate",
    )


class RegistrationNotFound(NotFound):
    slug = "visitor-registration-not-found"
    title_zh, title_en = "登记不存在", "Registration not found"


class RegistrationExpired(Conflict):
    slug = "visitor-registration-expired"
    title_zh, title_en = "登记已过期，请访客重新扫码登记", "The registration expired: scan again"


class PosterFontMissing(ProblemError):
    status, slug = 503, "poster-font-missing"
    title_zh = "服务器缺少中文字体，无法打印海报"
    title_en = "No Chinese font on the server: the poster cannot be printed"


class RegistrationClientIdReused(ProblemError):
    status, slug = 422, "client-id-reused"
    title_zh, title_en = (
        "该客户端编号已用于另一条记录",
        "This client_id was used for another record",
    )
