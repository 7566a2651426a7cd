from shouhu_common.problems import Conflict, NotFound, ProblemError


class DistributionNotFound(NotFound):
    slug = "distribution-not-found"
    title_zh, title_en = "发放活动不存在", "Distribution campaign not found"


class AlreadyReceived(Conflict):
    slug = "already-received"
    title_zh, title_en = "该户已领取", "This household has already received its share"


class InvalidShares(ProblemError):
    status, slug = 422, "invalid-distribution-shares"
    title_zh, title_en = "发放物资有误", "Invalid items for this campaign"
