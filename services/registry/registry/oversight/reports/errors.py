from shouhu_common.problems import ProblemError


class ReportDayInFuture(ProblemError):
    status, slug = 422, "report-day-in-future"
    title_zh, title_en = "不能为未来的日期出报表", "No report for a day in the future"
