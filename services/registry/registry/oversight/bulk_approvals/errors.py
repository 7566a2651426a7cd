from shouhu_common.problems import Conflict, Forbidden, NotFound


class ApprovalNotFound(NotFound):
    slug = "bulk-approval-not-found"
    title_zh, title_en = "待审批的批量变更不存在", "No such pending bulk change"


class OwnBulkChange(Forbidden):
    slug = "own-bulk-change"
    title_zh = "不能批准自己提交的批量变更，须由另一名工作人员复核"
    title_en = "A bulk change needs a second account: you cannot approve your own"


class ApprovalDecided(Conflict):
    slug = "bulk-approval-decided"
    title_zh, title_en = "该批量变更已处理", "This bulk change was already approved or rejected"
