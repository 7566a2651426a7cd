from shouhu_common.problems import Conflict, Forbidden, NotFound, ProblemError


class MedicinePersonNotFound(NotFound):
    slug = "medicine-person-not-found"
    title_zh, title_en = "找不到该居民", "No such person in your area"


class MedicineRequestNotFound(NotFound):
    slug = "medicine-request-not-found"
    title_zh, title_en = "找不到该代配药申请", "No such medicine request in your area"


class MedicineRunNotFound(NotFound):
    slug = "medicine-run-not-found"
    title_zh, title_en = "找不到该代配药批次", "No such medicine run"


class RunWorkerNotFound(NotFound):
    slug = "medicine-worker-not-found"
    title_zh, title_en = "名册中没有该工作人员", "No such worker on the roster"


class HandoverNotFound(NotFound):
    slug = "custody-handover-not-found"
    title_zh, title_en = "找不到该交接记录", "No such hand-over"


class MedicineClientIdReused(ProblemError):
    status, slug = 409, "client-id-reused"
    title_zh, title_en = "该编号已用于其他记录", "This client_id belongs to another record"


class RequestStateConflict(Conflict):
    slug = "medicine-request-state"
    title_zh, title_en = "该申请当前状态不允许此操作", "The request's state does not allow this"


class RunTransitionRefused(Conflict):
    slug = "medicine-run-transition"
    title_zh, title_en = "代配药批次不能这样变更", "The run cannot move to that state"


class CustodyConflict(Conflict):
    slug = "custody-conflict"
    title_zh, title_en = "与该证件当前的保管情况不符", "Does not match who holds the item now"


class ReceiverUnavailable(Conflict):
    slug = "custody-receiver-unavailable"
    title_zh, title_en = (
        "接收人正在隔离或已不在岗，不能交给他/她",
        "The receiver is in quarantine or off duty",
    )


class NotTheReceiver(Forbidden):
    slug = "custody-not-receiver"
    title_zh, title_en = (
        "只有接收人本人的账号可以确认",
        "Only the receiving worker's own account may confirm",
    )
