from shouhu_common.problems import Conflict, NotFound


class ReferralNotFound(NotFound):
    slug = "referral-not-found"
    title_zh, title_en = "转诊记录不存在", "Referral not found"


class ReferralClosed(Conflict):
    slug = "referral-closed"
    title_zh, title_en = "转诊已关闭", "The referral was already closed"
