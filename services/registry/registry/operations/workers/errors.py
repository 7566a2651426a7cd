from shouhu_common.problems import Conflict, NotFound, ProblemError


class WorkerNotFound(NotFound):
    slug = "worker-not-found"
    title_zh, title_en = "工作人员不存在", "Worker not found"


class WorkerPhoneTaken(Conflict):
    slug = "worker-phone-taken"
    title_zh, title_en = (
        "该手机号已登记为本社区工作人员",
        "A worker with this phone is already listed",
    )


class WorkerAccountTaken(Conflict):
    slug = "worker-account-taken"
    title_zh, title_en = (
        "该账号已关联本社区另一名工作人员",
        "This account is already linked to another worker of the community",
    )


class WorkerInUse(Conflict):
    slug = "worker-in-use"
    title_zh, title_en = (
        "该工作人员已有排班记录，不能删除（可改为停用）",
        "Shifts refer to this worker: deactivate instead of deleting",
    )


class WorkerClientIdReused(ProblemError):
    status, slug = 422, "client-id-reused"
    title_zh, title_en = (
        "该客户端编号已用于另一条记录",
        "This client_id was used for another record",
    )
