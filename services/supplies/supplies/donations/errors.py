from shouhu_common.problems import Conflict, NotFound, ProblemError


class DonationNotFound(NotFound):
    slug = "donation-not-found"
    title_zh, title_en = "捐赠记录不存在", "Donation not found"


class InvalidDonation(ProblemError):
    status, slug = 422, "invalid-donation"
    title_zh, title_en = "捐赠信息有误", "Invalid donation"


class DonationOverspent(Conflict):
    slug = "donation-overspent"
    title_zh, title_en = "超出捐款余额", "More than what is left of this donation"
