"""Problems of the composed report and dashboard. Raised by the registry or supplies and passed
through as they are; declared here so the gateway's OpenAPI lists them."""

from shouhu_common.problems import NotFound, ProblemError


class ReportDayInFuture(ProblemError):
    status, slug = 422, "report-day-in-future"
    title_zh, title_en = "不能为未来的日期出报表", "No report for a day in the future"


class CommunityNotFound(NotFound):
    slug = "community-not-found"
    title_zh, title_en = "社区不存在", "Community not found"


class CommunityUnclear(ProblemError):
    status, slug = 422, "community-unclear"
    title_zh, title_en = "请指明社区", "Say which community"
