import type { AreaDict } from '../translate'

/** The office screens of appeals and second approvals (the card's words stay in ../safeguards.ts). */
const safeguards: AreaDict = {
  'zh-CN': {
    'safeguards.bulk.hint': '同一账号一小时内对较多住户隔离或停用出入证时，超出部分须由另一名工作人员复核后生效。',
    'safeguards.bulk.none': '没有待复核的变更',
    'safeguards.bulk.action.start_quarantine': '开始隔离',
    'safeguards.bulk.action.suspend_pass': '停用出入证',
    'safeguards.bulk.action.revoke_pass': '注销出入证',
    'safeguards.bulk.asked': '{who} 提交于 {when}',
    'safeguards.bulk.note': '复核意见（可不填）',
    'safeguards.bulk.approve': '批准生效',
    'safeguards.bulk.reject': '驳回',
  },
  en: {
    'safeguards.bulk.hint': 'When one account quarantines, or withdraws the passes of, many households within an hour, the rest take effect only once a second staff member approves.',
    'safeguards.bulk.none': 'Nothing waiting for approval',
    'safeguards.bulk.action.start_quarantine': 'Start quarantine',
    'safeguards.bulk.action.suspend_pass': 'Suspend pass',
    'safeguards.bulk.action.revoke_pass': 'Revoke pass',
    'safeguards.bulk.asked': 'Asked by {who} at {when}',
    'safeguards.bulk.note': 'Note (optional)',
    'safeguards.bulk.approve': 'Approve',
    'safeguards.bulk.reject': 'Reject',
  },
}

export default safeguards
