from shouhu_common.problems import NotFound


class HouseholdNotFound(NotFound):
    slug = "household-not-found"
    title_zh, title_en = "住户不存在", "Household not found"
