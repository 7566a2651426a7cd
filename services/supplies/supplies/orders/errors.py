from shouhu_common.problems import Conflict, NotFound, ProblemError


class OrderNotFound(NotFound):
    slug = "order-not-found"
    title_zh, title_en = "订单不存在", "Order not found"


class HouseholdNotFound(NotFound):
    slug = "household-not-found"
    title_zh, title_en = "住户不存在", "Household not found"


class HouseholdAddressUnknown(Conflict):
    slug = "household-address-unknown"
    title_zh = "社区尚未登记该户的配送地址，请联系社区工作人员"
    title_en = "The community has no delivery address for this household yet; ask community staff"


class ItemNotInCatalog(ProblemError):
    status, slug = 422, "item-not-in-catalog"
    title_zh, title_en = "商品不在该商户的目录中", "Item is not in this partner's catalog"


class DuplicateOrderLine(ProblemError):
    status, slug = 422, "duplicate-order-line"
    title_zh, title_en = "同一商品只能出现一次", "Each item may appear only once in an order"


class ItemNotOrderable(Conflict):
    slug = "item-not-orderable"
    title_zh, title_en = "商品暂不可订", "Item cannot be ordered now"


class ItemOutOfStock(Conflict):
    slug = "item-out-of-stock"
    title_zh, title_en = "商品库存不足", "Not enough stock for this item"


class InvalidStatusChange(Conflict):
    slug = "invalid-status-change"
    title_zh, title_en = "订单状态不能这样变更", "This status change is not allowed now"


class ShortageTooLarge(ProblemError):
    status, slug = 422, "shortage-too-large"
    title_zh, title_en = "缺货数量或退款金额超出订单", "Shortage or refund exceeds what was ordered"


class OrderNotCancellable(Conflict):
    slug = "order-not-cancellable"
    title_zh, title_en = (
        "商户已接单，订单不能取消",
        "The partner accepted the order: it cannot be cancelled",
    )


class ReasonRequired(ProblemError):
    status, slug = 422, "reason-required"
    title_zh, title_en = "请填写原因", "A reason is required"


class FeedCursorAhead(Conflict):
    """A cursor past the partner's feed end (e.g. kept across a reset): answering "nothing new"
    would hide every order until the feed caught up, so the current end is named (`feed_end`)."""

    slug = "feed-cursor-ahead"
    title_zh, title_en = "游标超出订单流末尾", "The cursor is beyond the end of the feed"
