from shouhu_common.problems import NotFound


class GroupBuyNotFound(NotFound):
    slug = "group-buy-not-found"
    title_zh, title_en = "团购单不存在", "Group-buy not found"
