from shouhu_common.problems import Conflict, ProblemError


class QuarantineNotActive(Conflict):
    slug = "quarantine-not-active"
    title_zh, title_en = "隔离已解除，无需随访", "The quarantine was released: no follow-up"


class PersonNotInQuarantine(ProblemError):
    status, slug = 422, "person-not-in-quarantine"
    title_zh, title_en = "该居民不在此隔离中", "This person is not under this quarantine"


class InvalidCheckTime(ProblemError):
    status, slug = 422, "invalid-check-time"
    title_zh, title_en = "随访时间有误", "Invalid follow-up time"


class FollowUpCommunityRequired(ProblemError):
    status, slug = 422, "community-required"
    title_zh, title_en = "请指定社区", "Name the community (community_id)"
