from shouhu_common.problems import NotFound, ProblemError


class WebhookNotFound(NotFound):
    slug = "webhook-not-found"
    title_zh, title_en = "Webhook 不存在", "Webhook not found"


class WebhookTargetRefused(ProblemError):
    """SSRF guard: only public http(s) receivers (loopback too outside production)."""

    status, slug = 422, "webhook-target-refused"
    title_zh = "不接受该 Webhook 地址"
    title_en = "This webhook URL is not allowed"
