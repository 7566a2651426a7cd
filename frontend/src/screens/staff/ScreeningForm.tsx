/** 排查登记 on the phone: how (door/phone/gate), reached / not reached / refused, and when reached
 * the three questions; the API computes the risk level, shown at once. One client id per
 * intended record, so a retry (lost answer, double tap, reload) never records twice. */
import { useState } from 'preact/hooks'
import { getHousehold } from '../../api/households'
import {
  recordScreening,
  workList,
  type ScreeningCreate,
  type ScreeningMethod,
  type ScreeningOutcome,
  type ScreeningRead,
} from '../../api/screenings'
import { navigate, queryParam } from '../../app/router'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { t, useLang } from '../../i18n'
import type { ScreenProps } from '../../routes'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { BackButton, communityOf, RiskBadge, useLoad, YesNo } from './common'
import { screeningPath } from './ScreeningList'

const METHODS: ScreeningMethod[] = ['door', 'phone', 'gate']
const OUTCOMES: ScreeningOutcome[] = ['reached', 'not_reached', 'refused']

interface Answers {
  outbreak_travel: boolean | null
  case_contact: boolean | null
  symptoms: boolean | null
}

const NO_ANSWERS: Answers = { outbreak_travel: null, case_contact: null, symptoms: null }

function todo(result: ScreeningRead): string | null {
  if (result.outcome === 'not_reached') return t('staff.screening.notReached.todo')
  if (result.outcome === 'refused') return t('staff.screening.refused.todo')
  if (result.risk_level === 'high') return t('staff.screening.risk.high.todo')
  if (result.risk_level === 'medium') return t('staff.screening.risk.medium.todo')
  return null
}

function Result({ result, onNext, busy }: { result: ScreeningRead; onNext(): void; busy: boolean }) {
  const advice = todo(result)
  return (
    <div class={`result result-${result.risk_level ?? result.outcome}`} role="status" data-testid="screening-result">
      <p class="result-title">{t('staff.screening.saved')}</p>
      {result.risk_level ? (
        <RiskBadge level={result.risk_level} />
      ) : (
        <p class="result-outcome">{t(`staff.screening.outcome.${result.outcome}`)}</p>
      )}
      {advice && <p class="result-advice">{advice}</p>}
      <div class="result-actions">
        <button type="button" class="primary big" data-testid="next-household" disabled={busy} onClick={onNext}>
          {t('staff.screening.next')}
        </button>
        <button type="button" class="secondary wide" onClick={() => navigate('/staff/screening')}>
          {t('staff.screening.toList')}
        </button>
      </div>
    </div>
  )
}

export default function ScreeningForm({ params }: ScreenProps) {
  useLang()
  const account = useAccount()
  const householdId = params.householdId
  const known = queryParam('address')
  const household = useLoad(
    () => (known ? Promise.resolve(known) : getHousehold(householdId).then((h) => h.address)),
    [householdId],
  )
  const [method, setMethod] = useState<ScreeningMethod>('door')
  const [outcome, setOutcome] = useState<ScreeningOutcome | null>(null)
  const [answers, setAnswers] = useState<Answers>(NO_ANSWERS)
  const [note, setNote] = useState('')
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<ScreeningRead | null>(null)

  const reached = outcome === 'reached'
  const complete = outcome !== null && (!reached || Object.values(answers).every((a) => a !== null))
  const key = `screening:${householdId}`

  const submit = async (e: Event) => {
    e.preventDefault()
    if (!complete || busy) return
    const form: ScreeningCreate = {
      client_id: pendingClientId(key),
      household_id: householdId,
      method,
      outcome: outcome!,
      note: note.trim(),
      ...(reached
        ? {
            outbreak_travel: answers.outbreak_travel!,
            case_contact: answers.case_contact!,
            symptoms: answers.symptoms!,
          }
        : {}),
    }
    setBusy(true)
    setError(null)
    try {
      const saved = await recordScreening(form)
      settleClientId(key)
      setResult(saved)
      window.scrollTo(0, 0)
    } catch (err) {
      setError(err) // the client id stays: pressing again is a retry, never a second record
    } finally {
      setBusy(false)
    }
  }

  const next = async () => {
    setBusy(true)
    try {
      const list = await workList(communityOf(account), 0, 2)
      const following = list.items.find((h) => h.household_id !== householdId)
      navigate(following ? screeningPath(following) : '/staff/screening', true)
      if (following) {
        setResult(null)
        setOutcome(null)
        setAnswers(NO_ANSWERS)
        setNote('')
      }
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="staff">
      <BackButton to="/staff/screening" />
      <h1 class="address" data-testid="address">
        {household.data ?? ''}
      </h1>
      <Problem error={household.error} />
      {result ? (
        <>
          <Result result={result} onNext={next} busy={busy} />
          <Problem error={error} />
        </>
      ) : (
        <form class="screening-form" onSubmit={submit}>
          <fieldset>
            <legend>{t('staff.screening.method')}</legend>
            <div class="segmented">
              {METHODS.map((m) => (
                <button key={m} type="button" aria-pressed={method === m} data-method={m} onClick={() => setMethod(m)}>
                  {t(`staff.screening.method.${m}`)}
                </button>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('staff.screening.outcome')}</legend>
            <div class="segmented stacked">
              {OUTCOMES.map((o) => (
                <button
                  key={o}
                  type="button"
                  aria-pressed={outcome === o}
                  data-outcome={o}
                  onClick={() => {
                    setOutcome(o)
                    if (o !== 'reached') setAnswers(NO_ANSWERS)
                  }}
                >
                  {t(`staff.screening.outcome.${o}`)}
                </button>
              ))}
            </div>
          </fieldset>
          {reached && (
            <>
              <YesNo
                name="travel"
                label={t('staff.screening.travel')}
                value={answers.outbreak_travel}
                onChange={(v) => setAnswers({ ...answers, outbreak_travel: v })}
              />
              <YesNo
                name="contact"
                label={t('staff.screening.contact')}
                value={answers.case_contact}
                onChange={(v) => setAnswers({ ...answers, case_contact: v })}
              />
              <YesNo
                name="symptoms"
                label={t('staff.screening.symptoms')}
                value={answers.symptoms}
                onChange={(v) => setAnswers({ ...answers, symptoms: v })}
              />
            </>
          )}
          <label>
            {t('staff.screening.note')}
            <input name="note" maxLength={200} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <Problem error={error} />
          {reached && !complete && <p class="hint">{t('staff.screening.answerAll')}</p>}
          <button type="submit" class="primary big" data-testid="submit-screening" disabled={!complete || busy}>
            {busy ? t('staff.screening.sending') : t('staff.screening.submit')}
          </button>
        </form>
      )}
    </section>
  )
}
