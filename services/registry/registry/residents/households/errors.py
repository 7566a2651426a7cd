from shouhu_common.problems import Conflict, NotFound


class HouseholdNotFound(NotFound):
    slug = "household-not-found"
    title_zh, title_en = "住户不存在", "Household not found"


class HouseholdExists(Conflict):
    slug = "household-exists"
    title_zh, title_en = "该楼栋单元已有此房号", "That building and unit already have this room"


class HouseholdInUse(Conflict):
    slug = "household-in-use"
    title_zh, title_en = "该户仍有关联记录，不能删除", "Records still refer to this household"
