from shouhu_common.problems import Conflict


class NotADoorDelivery(Conflict):
    slug = "not-a-door-delivery"
    title_zh, title_en = "该订单不是送货上门订单", "This order is not a door delivery"
