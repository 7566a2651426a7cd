from shouhu_common.problems import NotFound


class NoHousehold(NotFound):
    slug = "no-household"
    title_zh, title_en = "该账号未关联住户", "This sign-in is not linked to a household"
