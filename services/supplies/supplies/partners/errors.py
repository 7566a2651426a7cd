from shouhu_common.problems import Conflict, NotFound


class PartnerNotFound(NotFound):
    slug = "partner-not-found"
    title_zh, title_en = "合作商户不存在", "Partner not found"


class PartnerNameTaken(Conflict):
    slug = "partner-name-taken"
    title_zh, title_en = "本社区已有同名商户", "A partner with this name already exists here"
