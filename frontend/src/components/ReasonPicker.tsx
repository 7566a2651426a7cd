/** The reason of a status change: a code from the action's closed list (its Chinese label) and
 * free text, required for 上级通知 (the document's number) and 其他. Mirrors
 * services/registry/registry/residents/audit/reasons.py. */
import { t } from '../i18n'

export const QUARANTINE_START = ['close_contact', 'secondary_contact', 'from_risk_area', 'positive_result', 'fever_referral', 'official_order', 'other']
export const QUARANTINE_END = ['period_completed', 'negative_results', 'new_exposure', 'wrongly_identified', 'transferred', 'official_order', 'other']
export const PASS_WITHDRAWAL = ['quarantined', 'moved_out', 'lost_card', 'misuse', 'official_order', 'other']
const NEEDS_TEXT = new Set(['official_order', 'other'])

/** Whether a code and text are enough to send. */
export function reasonReady(code: string, text: string): boolean {
  return code !== '' && (!NEEDS_TEXT.has(code) || text.trim().length >= 2)
}

export function ReasonPicker({ codes, code, text, onCode, onText, name }: {
  codes: string[]
  code: string
  text: string
  onCode(code: string): void
  onText(text: string): void
  name: string
}) {
  return (
    <>
      <label>
        {t('safeguards.reasonCode')}
        <select name={`${name}_code`} data-testid={`${name}-code`} value={code} onChange={(e) => onCode(e.currentTarget.value)}>
          <option value="">{t('safeguards.choose')}</option>
          {codes.map((c) => (
            <option key={c} value={c}>{t(`safeguards.code.${c}`)}</option>
          ))}
        </select>
      </label>
      <label>
        {NEEDS_TEXT.has(code) ? t(`safeguards.text.${code}`) : t('safeguards.text')}
        <input name={`${name}_text`} data-testid={`${name}-text`} maxLength={200} value={text} onInput={(e) => onText(e.currentTarget.value)} />
      </label>
    </>
  )
}
