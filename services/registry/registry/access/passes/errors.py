from shouhu_common.problems import Conflict, NotFound, ProblemError


class PassNotFound(NotFound):
    slug = "pass-not-found"
    title_zh, title_en = "出入证不存在", "Pass not found"


class HouseholdNotFound(NotFound):
    slug = "household-not-found"
    title_zh, title_en = "住户不存在", "Household not found"


class BuildingNotFound(NotFound):
    slug = "building-not-found"
    title_zh, title_en = "楼栋不存在", "Building not found"


class CommunityNotFound(NotFound):
    slug = "community-not-found"
    title_zh, title_en = "社区不存在", "Community not found"


class PersonNotInHousehold(ProblemError):
    status, slug = 422, "person-not-in-household"
    title_zh, title_en = "该居民不属于此户", "The person is not a member of this household"


class InvalidValidity(ProblemError):
    status, slug = 422, "invalid-pass-validity"
    title_zh, title_en = "有效期设置有误", "Invalid validity period"


class PassAlreadyIssued(Conflict):
    slug = "pass-already-issued"
    title_zh, title_en = "已有有效出入证，请改为补办", "An active pass exists; reissue it instead"


class PassRevoked(Conflict):
    slug = "pass-revoked"
    title_zh, title_en = "出入证已作废", "The pass is revoked"


class PassNotSuspended(Conflict):
    slug = "pass-not-suspended"
    title_zh, title_en = "出入证未处于暂停状态", "The pass is not suspended"


class CjkFontMissing(ProblemError):
    status, slug = 503, "cjk-font-missing"
    title_zh, title_en = "服务器缺少中文字体，无法打印", "No CJK font on the server to print with"


class PassReasonRequired(ProblemError):
    status, slug = 422, "pass-reason-required"
    title_zh = "停用或注销出入证须选择原因"
    title_en = "Suspending or revoking a pass needs a reason code"
