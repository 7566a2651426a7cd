from shouhu_common.problems import NotFound, ProblemError


class MeetingNotFound(NotFound):
    slug = "dispatch-meeting-not-found"
    title_zh, title_en = "调度会记录不存在", "Dispatch meeting not found"


class InvalidMeetingTime(ProblemError):
    status, slug = 422, "invalid-meeting-time"
    title_zh, title_en = "会议时间有误", "Invalid meeting time"


class MeetingClientIdReused(ProblemError):
    status, slug = 422, "client-id-reused"
    title_zh, title_en = (
        "该客户端编号已用于另一条记录",
        "This client_id was used for another record",
    )
