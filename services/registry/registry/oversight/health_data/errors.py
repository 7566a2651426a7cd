from shouhu_common.problems import Conflict, ProblemError


class ConfirmationMismatch(ProblemError):
    status, slug = 422, "purge-confirmation-mismatch"
    title_zh, title_en = (
        "确认内容与社区名称不符",
        "The confirmation does not match the community's name",
    )


class ExportNotFound(ProblemError):
    status, slug = 422, "health-export-not-found"
    title_zh, title_en = (
        "未找到该社区的健康数据导出记录",
        "No health-data export of this community has that id",
    )


class ExportTooOld(Conflict):
    slug = "health-export-too-old"
    title_zh, title_en = (
        "最终导出已超过24小时，请重新导出",
        "The final export is more than 24 hours old: export again",
    )


class ExportOutdated(Conflict):
    slug = "health-export-outdated"
    title_zh, title_en = (
        "导出后又有新的健康数据，请重新导出",
        "Health data was written after the export: export again",
    )


class PurgeNotFound(ProblemError):
    status, slug = 404, "health-data-purge-not-found"
    title_zh, title_en = "清除记录不存在", "Purge not found"


class CardsStillOut(Conflict):
    slug = "purge-cards-still-out"
    title_zh, title_en = (
        "仍有居民的医保卡或病历本未归还，不能清除",
        "Residents' insurance cards or record books are still out: return them first",
    )
