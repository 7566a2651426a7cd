from shouhu_common.problems import NotFound


class PartnerKeyNotFound(NotFound):
    slug = "partner-key-not-found"
    title_zh, title_en = "密钥不存在", "API key not found"
