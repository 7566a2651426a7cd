from shouhu_common.problems import NotFound, ProblemError


class CommunityNotFound(NotFound):
    slug = "community-not-found"
    title_zh, title_en = "社区不存在", "Community not found"


class InvalidGateRule(ProblemError):
    status, slug = 422, "invalid-gate-rule"
    title_zh, title_en = "出入规则设置有误", "Invalid gate rule"
