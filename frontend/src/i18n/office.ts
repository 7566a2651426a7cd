import type { AreaDict } from './translate'

/** The office screens' titles (the home menu, the top bar) and the words screens that work
 * offline use; the rest comes with the office screens (online/office.ts). */
const office: AreaDict = {
  'zh-CN': {
    'office.worker.title': '人员信息',
    'office.worker.newTitle': '添加人员',
    'office.week.title': '排班表',
    'office.shift.title': '班次',
    'office.coverage.title': '缺岗与工时',
    'office.template.title': '班次模板',
    'office.grid.title': '网格分工',
    'office.task.boardTitle': '任务派发',
    'office.schedule.title': '消毒计划',
    'office.referral.title': '发热转诊',
    'office.rules.title': '防控规则',
    'office.quarantine.title': '隔离管理',
    'office.quarantine.manage': '隔离管理（开始、调整、解除）',
  },
  en: {
    'office.worker.title': 'Worker',
    'office.worker.newTitle': 'Add a person',
    'office.week.title': 'Week of shifts',
    'office.shift.title': 'Shift',
    'office.coverage.title': 'Gaps and hours',
    'office.template.title': 'Shift templates',
    'office.grid.title': 'Grid assignments',
    'office.task.boardTitle': 'Task board',
    'office.schedule.title': 'Disinfection schedules',
    'office.referral.title': 'Fever referrals',
    'office.rules.title': 'Community rules',
    'office.quarantine.title': 'Quarantine',
    'office.quarantine.manage': 'Quarantine: start, change, release',
  },
}

export default office
