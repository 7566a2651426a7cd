/** 防控规则: the community's quarantine length, whether a household's self-report (健康打卡)
 * stands for a follow-up call, and how many households one account may quarantine or take passes
 * from in an hour before a second account must approve (administrators only). */
import '../../i18n/online' // first: the words these screens bring
import { useEffect, useState } from 'preact/hooks'
import { type QuarantineRule, type QuarantineRuleChange, quarantineRule, setQuarantineRule } from '../../api/quarantineRules'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { t, useLang } from '../../i18n'
import { communityOf, Loading, useLoad } from '../staff/common'
import { Refusal, useAction } from './parts'

/** What changed between the rule read and the form, the threshold only for administrators. */
export function ruleChange(rule: QuarantineRule, form: QuarantineRule, admin: boolean): QuarantineRuleChange {
  const change: QuarantineRuleChange = {}
  if (form.default_days !== rule.default_days) change.default_days = form.default_days
  if (form.self_reports_replace_calls !== rule.self_reports_replace_calls) change.self_reports_replace_calls = form.self_reports_replace_calls
  if (admin && form.bulk_change_threshold !== rule.bulk_change_threshold) change.bulk_change_threshold = form.bulk_change_threshold
  return change
}

export default function CommunityRules() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const admin = account?.role === 'admin'
  const loaded = useLoad(() => (community ? quarantineRule(community) : Promise.resolve(null)), [community])
  const [rule, setRule] = useState<QuarantineRule | null>(null)
  const [form, setForm] = useState<QuarantineRule | null>(null)
  const [saved, setSaved] = useState(false)
  const action = useAction()
  useEffect(() => {
    if (loaded.data) {
      setRule(loaded.data)
      setForm(loaded.data)
    }
  }, [loaded.data])

  if (!community) return <section class="staff office"><p>{t('office.rules.noCommunity')}</p></section>
  const change = rule && form ? ruleChange(rule, form, admin) : {}
  const dirty = Object.keys(change).length > 0
  const save = async () => {
    if (!community || !dirty) return
    const answer = await action.run(() => setQuarantineRule(community, change))
    if (answer) {
      setRule(answer)
      setForm(answer)
      setSaved(true)
    }
  }
  const edit = (next: Partial<QuarantineRule>) => {
    setSaved(false)
    setForm((f) => (f ? { ...f, ...next } : f))
  }
  return (
    <section class="staff office" data-testid="community-rules">
      <Problem error={loaded.error} />
      {loaded.loading && !form && <Loading />}
      {form && (
        <form class="card" onSubmit={(e) => { e.preventDefault(); void save() }}>
          <label>
            {t('office.rules.days')}
            <input type="number" name="default_days" min={1} max={60} value={form.default_days}
              onInput={(e) => edit({ default_days: Number((e.target as HTMLInputElement).value) })} />
          </label>
          <label class="check">
            <input type="checkbox" name="self_reports_replace_calls" checked={form.self_reports_replace_calls}
              onChange={(e) => edit({ self_reports_replace_calls: (e.target as HTMLInputElement).checked })} />
            {t('office.rules.selfReports')}
          </label>
          <p class="muted">{t('office.rules.selfReportsHint')}</p>
          <label>
            {t('office.rules.threshold')}
            <input type="number" name="bulk_change_threshold" min={1} max={10000} value={form.bulk_change_threshold} disabled={!admin}
              onInput={(e) => edit({ bulk_change_threshold: Number((e.target as HTMLInputElement).value) })} />
          </label>
          <p class="muted">{admin ? t('office.rules.thresholdHint') : t('office.rules.thresholdAdminOnly')}</p>
          <p class="muted">{t('office.rules.fever', { t: form.fever_threshold })}</p>
          <Refusal error={action.error} />
          {saved && <p class="ok" data-testid="rules-saved">{t('office.rules.saved')}</p>}
          <button type="submit" class="primary" disabled={!dirty || action.busy} data-testid="rules-save">{t('office.save')}</button>
        </form>
      )}
    </section>
  )
}
