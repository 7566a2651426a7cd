/** The words of a verdict in the UI language. In Chinese the server's own message is shown when
 * it judged (it may carry details such as why a pass was revoked), except on a fever. */
import type { VerdictView } from '../../gate/gateData'
import { formatDateTime, lang, t } from '../../i18n'

export function reasonText(v: VerdictView, temperature?: number | null, threshold?: number): string {
  if (v.verdict === 'allow') return t('gate.reason.allow')
  const reason = v.reason ?? 'forged'
  // the server's fever message ends with the referral, which the screen shows on a line of its
  // own (gate.refer): the phone's words, so it is said once
  if (reason === 'fever' && temperature != null && threshold != null) {
    return t('gate.reason.fever_detail', { temperature: temperature.toFixed(1), threshold: threshold.toFixed(1) })
  }
  if (lang() === 'zh-CN' && v.message) return v.message
  if (reason === 'quota_used' && v.nextAllowedAt) {
    return t('gate.reason.quota_used_next', { next: formatDateTime(new Date(v.nextAllowedAt)) })
  }
  return t(`gate.reason.${reason}`)
}
