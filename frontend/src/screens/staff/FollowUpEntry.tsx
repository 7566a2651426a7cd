/** 测体温: the big pad (three digits, the decimal placed by itself: "365" → 36.5 °C), symptoms
 * from the closed list, submit; a fever shows the referral at once. */
import { useState } from 'preact/hooks'
import { recordFollowUp, SYMPTOMS, type FollowUpRead, type Symptom } from '../../api/followUps'
import { gateRule } from '../../api/gateRules'
import { navigate, queryParam } from '../../app/router'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { padValue } from '../../gate/temperature'
import { formatNumber, t, useLang } from '../../i18n'
import type { ScreenProps } from '../../routes'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { TemperaturePad } from '../gate/TemperaturePad'
import { BackButton, communityOf, useLoad } from './common'

const DEFAULT_FEVER = 37.3

function Outcome({ saved }: { saved: FollowUpRead }) {
  const temp = formatNumber(saved.temperature)
  return (
    <div class={`result ${saved.fever ? 'result-fever' : 'result-low'}`} role="status" data-testid="follow-up-result">
      <p class="result-title">{saved.fever ? t('staff.followUp.fever', { t: temp }) : t('staff.followUp.saved', { t: temp })}</p>
      {saved.fever && (
        <p class="result-advice" data-testid="referral">
          {t('staff.followUp.referral')}
        </p>
      )}
      <button type="button" class="primary big" onClick={() => navigate('/staff/follow-ups')}>
        {t('staff.followUp.back')}
      </button>
    </div>
  )
}

export default function FollowUpEntry({ params }: ScreenProps) {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const rule = useLoad(() => (community ? gateRule(community) : Promise.resolve(null)), [community])
  const threshold = rule.data?.fever_threshold ?? DEFAULT_FEVER
  const [digits, setDigits] = useState('')
  const [symptoms, setSymptoms] = useState<Symptom[]>([])
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState<FollowUpRead | null>(null)
  const value = padValue(digits)
  const valid = value !== null && value >= 30 && value <= 45
  const key = `follow-up:${params.quarantineId}:${params.personId}`

  const toggle = (s: Symptom) =>
    setSymptoms(symptoms.includes(s) ? symptoms.filter((x) => x !== s) : [...symptoms, s])

  const submit = async () => {
    if (!valid || busy) return
    setBusy(true)
    setError(null)
    try {
      const result = await recordFollowUp({
        client_id: pendingClientId(key),
        quarantine_id: params.quarantineId,
        person_id: params.personId,
        temperature: value,
        symptoms,
      })
      settleClientId(key)
      setSaved(result)
      window.scrollTo(0, 0)
    } catch (err) {
      setError(err) // same client id on the next press: a retry, never a second check
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="staff">
      <BackButton to="/staff/follow-ups" />
      <h1 class="address">
        <span data-testid="person-name">{queryParam('name') ?? ''}</span>{' '}
        <small class="muted">{queryParam('address') ?? ''}</small>
      </h1>
      {saved ? (
        <Outcome saved={saved} />
      ) : (
        <>
          <TemperaturePad digits={digits} onChange={setDigits} />
          {value !== null && !valid && <p class="problem">{t('staff.followUp.temperature.bad')}</p>}
          {valid && value >= threshold && (
            <p class="fever-warn" data-testid="fever-warn">
              {t('staff.followUp.feverWarn', { t: formatNumber(threshold) })}
            </p>
          )}
          <fieldset class="symptoms">
            <legend>{t('staff.followUp.symptoms')}</legend>
            {SYMPTOMS.map((s) => (
              <button key={s} type="button" class="toggle" aria-pressed={symptoms.includes(s)} data-symptom={s} onClick={() => toggle(s)}>
                {t(`staff.symptom.${s}`)}
              </button>
            ))}
          </fieldset>
          <Problem error={error} />
          <button
            type="button"
            class={`big ${valid && value >= threshold ? 'danger' : 'primary'}`}
            data-testid="submit-follow-up"
            disabled={!valid || busy}
            onClick={submit}
          >
            {busy ? t('staff.followUp.sending') : t('staff.followUp.submit')}
          </button>
        </>
      )}
    </section>
  )
}
