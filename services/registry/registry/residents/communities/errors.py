from shouhu_common.problems import Conflict, NotFound, ProblemError


class CommunityNotFound(NotFound):
    slug = "community-not-found"
    title_zh, title_en = "社区不存在", "Community not found"


class CompoundNotFound(NotFound):
    slug = "compound-not-found"
    title_zh, title_en = "小区不存在", "Compound not found"


class BuildingNotFound(NotFound):
    slug = "building-not-found"
    title_zh, title_en = "楼栋不存在", "Building not found"


class CompoundExists(Conflict):
    slug = "compound-exists"
    title_zh, title_en = "该社区已有同名小区", "The community already has a compound of that name"


class BuildingExists(Conflict):
    slug = "building-exists"
    title_zh, title_en = "该小区已有同名楼栋", "The compound already has a building of that name"


class CommunityUnclear(ProblemError):
    status, slug = 422, "community-unclear"
    title_zh, title_en = "请指明社区", "Say which community"
