from shouhu_common.problems import ProblemError


class ReportDayInFuture(ProblemError):
    status, slug = 422, "report-day-in-future"
    title_zh, title_en = "不能为未来的日期出报表", "No report for a day in the future"


class CommunityUnclear(ProblemError):
    status, slug = 422, "community-unclear"
    title_zh, title_en = "请指明社区", "Say which community"
