from shouhu_common.problems import NotFound


class CommunityNotFound(NotFound):
    slug = "community-not-found"
    title_zh, title_en = "社区不存在", "Community not found"
