from shouhu_common.problems import NotFound, ProblemError


class ReturneeNotFound(NotFound):
    slug = "returnee-not-found"
    title_zh, title_en = "返回人员记录不存在", "Returnee not found"


class ReturneeSubjectNotFound(NotFound):
    slug = "returnee-subject-not-found"
    title_zh, title_en = "住户或居民不存在", "Household or person not found"


class InvalidReturnee(ProblemError):
    status, slug = 422, "invalid-returnee"
    title_zh, title_en = "返回人员信息有误", "Invalid returnee"


class ReturneeClientIdReused(ProblemError):
    status, slug = 422, "client-id-reused"
    title_zh, title_en = (
        "该客户端编号已用于另一条记录",
        "This client_id was used for another record",
    )
