from shouhu_common.problems import Conflict, NotFound, ProblemError


class TaskNotFound(NotFound):
    slug = "task-not-found"
    title_zh, title_en = "任务不存在", "Task not found"


class TaskTransitionNotAllowed(Conflict):
    slug = "task-transition-not-allowed"
    title_zh, title_en = "任务当前状态不允许此变更", "The task cannot move to that status from here"


class TaskKindMismatch(ProblemError):
    status, slug = 422, "task-kind-mismatch"
    title_zh, title_en = "该任务不是此类工作的任务", "The task is not of this kind"


class TaskClosed(Conflict):
    slug = "task-closed"
    title_zh, title_en = "任务已完成或已取消，不能修改", "The task is done or cancelled"


class TaskCancelNotAllowed(ProblemError):
    status, slug = 403, "task-cancel-not-allowed"
    title_zh, title_en = "只有社区工作人员可以取消任务", "Only community staff may cancel a task"


class InvalidDueTime(ProblemError):
    status, slug = 422, "invalid-due-time"
    title_zh, title_en = "截止时间有误", "Invalid due time"


class TaskClientIdReused(ProblemError):
    status, slug = 422, "client-id-reused"
    title_zh, title_en = (
        "该客户端编号已用于另一条记录",
        "This client_id was used for another record",
    )


class AssigneeInactive(Conflict):
    slug = "assignee-inactive"
    title_zh, title_en = (
        "该工作人员已停用，不能分配任务",
        "The worker is inactive: assign someone else",
    )
