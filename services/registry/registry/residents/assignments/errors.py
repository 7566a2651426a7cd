from shouhu_common.problems import Conflict, ProblemError


class BuildingOutsideCommunity(ProblemError):
    status, slug = 422, "building-outside-community"
    title_zh, title_en = "楼栋不属于该社区", "The building is not in that community"


class FloorsOutsideBuilding(ProblemError):
    status, slug = 422, "floors-outside-building"
    title_zh, title_en = "楼层超出该楼栋的层数", "The floors are not in the building"


class AreasRepeated(ProblemError):
    status, slug = 422, "areas-repeated"
    title_zh, title_en = (
        "同一名网格员在同一楼栋只能有一个楼层范围",
        "One worker gets a building, or one floor range of it, once",
    )


class TwoResponsibleWorkers(Conflict):
    slug = "two-responsible-workers"
    title_zh, title_en = (
        "调整后同一楼层会有两名责任网格员",
        "The change gives some floors two responsible workers",
    )


class AssignmentLeavesGap(Conflict):
    slug = "assignment-leaves-gap"
    title_zh, title_en = (
        "调整后有楼层无人负责，请在同一次调整中交给另一名网格员",
        "The change leaves floors with no responsible worker: reassign them in the same change",
    )
