from shouhu_common.problems import Conflict, NotFound, ProblemError


class CatalogItemNotFound(NotFound):
    slug = "catalog-item-not-found"
    title_zh, title_en = "商品不存在", "Catalog item not found"


class ItemNameTaken(Conflict):
    slug = "item-name-taken"
    title_zh, title_en = "目录中已有同名商品", "An item with this name is already in your catalog"


class PriceAboveReference(ProblemError):
    """The no-markup rule 不加价: a price may never exceed the approved reference price."""

    status, slug = 422, "price-above-reference"
    title_zh = "价格高于参考价（不加价）"
    title_en = "Price above the reference price (no markup)"


def yuan(fen: int) -> str:
    return f"¥{fen // 100}.{fen % 100:02d}"


class StockBelowZero(Conflict):
    """Extension member `stock`: what is in stock now."""

    slug = "stock-out-of-range"
    title_zh, title_en = "库存调整后超出范围", "The change would take the stock out of range"
