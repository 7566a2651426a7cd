from shouhu_common.problems import Conflict, NotFound, ProblemError


class StockItemNotFound(NotFound):
    slug = "stock-item-not-found"
    title_zh, title_en = "物资不存在", "Stock item not found"


class StockItemNameTaken(Conflict):
    slug = "stock-item-name-taken"
    title_zh, title_en = "已有同名物资", "A stock item with this name already exists"


class NotEnoughStock(Conflict):
    slug = "not-enough-stock"
    title_zh, title_en = "库存不足", "Not enough in stock"


class InvalidMovement(ProblemError):
    status, slug = 422, "invalid-stock-movement"
    title_zh, title_en = "库存变动无效", "Invalid stock movement"
