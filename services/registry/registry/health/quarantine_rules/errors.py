from shouhu_common.problems import Forbidden


class ThresholdForAdministrators(Forbidden):
    slug = "threshold-for-administrators"
    title_zh = "批量变更的审批门槛只能由管理员设置"
    title_en = "Only administrators set the bulk change threshold"
