/** 健康打卡 on the household card: each member's report this morning or evening — temperature and
 * symptoms, or an antigen self-test with its kit's lot number. Any member reports for any other
 * (a grandparent without a phone); a fever or a positive antigen says at once that the community
 * will arrange the fever clinic. The card refreshes after each report. */
import { useState } from 'preact/hooks'
import { SYMPTOMS, type Symptom } from '../../api/followUps'
import { ANTIGEN_RESULTS, type AntigenResult, type CardSelfReport, recordSelfReport, type SelfReportRead } from '../../api/selfReports'
import { Problem } from '../../components/Problem'
import { formatDateTime, formatNumber, t } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'

const LOWEST = 34
const HIGHEST = 43
type Member = CardSelfReport['members'][number]

function ReportForm({ member, threshold, onDone }: { member: Member; threshold: number; onDone(saved: SelfReportRead): void }) {
  const [temperature, setTemperature] = useState('')
  const [symptoms, setSymptoms] = useState<Symptom[]>([])
  const [antigen, setAntigen] = useState<AntigenResult | ''>('')
  const [lot, setLot] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const value = temperature.trim() === '' ? null : Number(temperature)
  const badValue = value !== null && (Number.isNaN(value) || value < LOWEST || value > HIGHEST)
  const ready = !badValue && (value !== null || antigen !== '') && (antigen === '' || lot.trim() !== '')
  const key = `self-report:${member.person_id}`

  const toggle = (s: Symptom) => setSymptoms(symptoms.includes(s) ? symptoms.filter((x) => x !== s) : [...symptoms, s])
  const submit = async (e: Event) => {
    e.preventDefault()
    if (!ready || busy) return
    setBusy(true)
    setError(null)
    try {
      const saved = await recordSelfReport({
        client_id: pendingClientId(key),
        person_id: member.person_id,
        symptoms,
        ...(value !== null ? { temperature: value } : {}),
        ...(antigen ? { antigen_result: antigen, antigen_lot: lot.trim() } : {}),
      })
      settleClientId(key)
      onDone(saved)
    } catch (err) {
      setError(err) // the same client id on the next press: a retry, never a second report
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="self-report-form" data-testid="self-report-form" onSubmit={submit}>
      <label>
        {t('selfService.report.temperature')}
        <input
          name="temperature"
          type="number"
          inputMode="decimal"
          step="0.1"
          min={LOWEST}
          max={HIGHEST}
          value={temperature}
          onInput={(e) => setTemperature(e.currentTarget.value)}
        />
      </label>
      {badValue && <p class="problem">{t('selfService.report.badTemperature', { low: LOWEST, high: HIGHEST })}</p>}
      {value !== null && !badValue && value >= threshold && (
        <p class="self-report-warn">{t('selfService.report.feverWarn', { t: formatNumber(threshold) })}</p>
      )}
      <fieldset class="symptoms">
        <legend>{t('selfService.report.symptoms')}</legend>
        {SYMPTOMS.map((s) => (
          <button key={s} type="button" class="toggle" aria-pressed={symptoms.includes(s)} data-symptom={s} onClick={() => toggle(s)}>
            {t(`staff.symptom.${s}`)}
          </button>
        ))}
      </fieldset>
      <label>
        {t('selfService.report.antigen')}
        <select name="antigen_result" value={antigen} onChange={(e) => setAntigen(e.currentTarget.value as AntigenResult | '')}>
          <option value="">{t('selfService.report.antigen.none')}</option>
          {ANTIGEN_RESULTS.map((r) => (
            <option key={r} value={r}>{t(`selfService.report.antigen.${r}`)}</option>
          ))}
        </select>
      </label>
      {antigen && (
        <label>
          {t('selfService.report.lot')}
          <input name="antigen_lot" maxLength={40} value={lot} onInput={(e) => setLot(e.currentTarget.value)} />
        </label>
      )}
      <Problem error={error} />
      <button type="submit" class="primary wide" data-testid="submit-self-report" disabled={!ready || busy}>
        {busy ? t('selfService.report.sending') : t('selfService.report.submit')}
      </button>
    </form>
  )
}

function Outcome({ saved }: { saved: SelfReportRead }) {
  const alarm = saved.fever || saved.antigen_result === 'positive'
  return (
    <div class={`self-report-outcome ${alarm ? 'alarm' : ''}`} role="status" data-testid="self-report-result">
      <p class="fact-main">{t('selfService.report.saved', { name: saved.person_name })}</p>
      {alarm && <p class="fact-sub" data-testid="self-report-referral">{t('selfService.report.referral')}</p>}
      {saved.replaces_call && <p class="fact-sub">{t('selfService.report.replacesCall')}</p>}
    </div>
  )
}

function MemberStatus({ member }: { member: Member }) {
  if (!member.reported || !member.reported_at) return <span class="tag">{t('selfService.report.notYet')}</span>
  const what =
    member.temperature !== null
      ? `${formatNumber(member.temperature)} ℃`
      : member.antigen_result
        ? t(`selfService.report.antigen.${member.antigen_result}`)
        : ''
  return (
    <span class={`tag ${member.fever ? 'warn' : 'ok'}`} data-testid="self-report-done">
      {t('selfService.report.done', { what, time: formatDateTime(member.reported_at, false) })}
    </span>
  )
}

export function SelfReportSection({ part, onReported }: { part?: CardSelfReport | null; onReported(): void }) {
  const [open, setOpen] = useState<string | null>(null)
  const [saved, setSaved] = useState<SelfReportRead | null>(null)
  if (!part) return null
  if (!part.available) {
    return part.problem ? <p class="note-box">{t('household.unavailable', { title: part.problem.title })}</p> : null
  }
  const quarantined = part.members.some((m) => m.in_quarantine)
  return (
    <section class="fact self-report" data-testid="self-report">
      <h2>{t('selfService.report.title')}</h2>
      <p class="fact-sub">{t(`selfService.report.period.${part.period ?? 'morning'}`)}</p>
      {quarantined && (
        <p class="fact-sub">{part.replaces_calls ? t('selfService.report.replacesCalls') : t('selfService.report.callsStay')}</p>
      )}
      {saved && <Outcome saved={saved} />}
      <ul class="members">
        {part.members.map((m) => (
          <li key={m.person_id} data-testid="self-report-member" data-reported={m.reported ? 'yes' : 'no'}>
            <span class="member-name">{m.name}</span>
            <MemberStatus member={m} />
            <button
              type="button"
              class="secondary"
              data-testid="open-self-report"
              onClick={() => {
                setSaved(null)
                setOpen(open === m.person_id ? null : m.person_id)
              }}
            >
              {t('selfService.report.report')}
            </button>
            {open === m.person_id && (
              <ReportForm
                member={m}
                threshold={part.fever_threshold ?? 37.3}
                onDone={(report) => {
                  setOpen(null)
                  setSaved(report)
                  onReported()
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
