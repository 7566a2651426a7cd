from shouhu_common.problems import Conflict, NotFound, ProblemError


class PersonNotFound(NotFound):
    slug = "person-not-found"
    title_zh, title_en = "居民不存在", "Person not found"


class PersonExists(Conflict):
    slug = "person-exists"
    title_zh, title_en = "该身份证号已登记", "A person with this ID number is already registered"


class PersonDataInvalid(ProblemError):
    status, slug = 422, "person-data-invalid"
    title_zh, title_en = "居民信息有误", "Invalid personal data"


class SearchQueryUnsupported(ProblemError):
    status, slug = 422, "search-query-unsupported"
    title_zh, title_en = "无法按此内容查询", "Unsupported search query"


class PersonInUse(Conflict):
    slug = "person-in-use"
    title_zh, title_en = "该居民仍有关联记录，不能删除", "Records still refer to this person"
