from shouhu_common.problems import NotFound


class SelfReportPersonNotFound(NotFound):
    slug = "self-report-person-not-found"
    title_zh, title_en = "本户没有这位成员", "No such member of your household"


class SelfReportHouseholdNotFound(NotFound):
    slug = "self-report-household-not-found"
    title_zh, title_en = "住户不存在", "Household not found"
