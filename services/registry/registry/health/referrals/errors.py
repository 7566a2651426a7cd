from shouhu_common.problems import Conflict, NotFound, ProblemError


class ReferralNotFound(NotFound):
    slug = "referral-not-found"
    title_zh, title_en = "转诊记录不存在", "Referral not found"


class ReferralClosed(Conflict):
    slug = "referral-closed"
    title_zh, title_en = "转诊已关闭", "The referral was already closed"


class ReferralPersonKnown(Conflict):
    slug = "referral-person-known"
    title_zh, title_en = "该转诊已登记就诊人员", "The referral already names its person"


class ReferralPersonNotInHousehold(ProblemError):
    status, slug = 422, "referral-person-not-in-household"
    title_zh = "该人员不属于此户"
    title_en = "The person is not a member of the referral's household"
