from shouhu_common.problems import ProblemError


class InvalidPeriod(ProblemError):
    status, slug = 422, "invalid-period"
    title_zh, title_en = "起止时间有误", "`since` is after `until`"
