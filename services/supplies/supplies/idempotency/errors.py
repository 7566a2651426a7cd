from shouhu_common.problems import ProblemError


class IdempotencyKeyReused(ProblemError):
    status, slug = 422, "idempotency-key-reused"
    title_zh = "该幂等键已用于另一个请求"
    title_en = "This Idempotency-Key was already used for a different request"
