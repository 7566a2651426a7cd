from shouhu_common.problems import ProblemError


class BuildingOutsideCommunity(ProblemError):
    status, slug = 422, "building-outside-community"
    title_zh, title_en = "楼栋不属于该社区", "The building is not in that community"
