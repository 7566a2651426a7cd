import type { AreaDict } from './translate'

/** The audit log screen (administrators). */
const audit: AreaDict = {
  'zh-CN': {
    'audit.title': '审计日志',
  },
  en: {
    'audit.title': 'Audit log',
  },
}

export default audit
