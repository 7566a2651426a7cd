/** 访客自助登记: what a visitor's own phone opens from the QR on a gate's poster. No sign-in: the
 * poster's gate token is in the link. Name, phone, whom they visit and why; then they show the
 * answer at the gate, where the volunteer takes the temperature and confirms. */
import { useState } from 'preact/hooks'
import { queryParam } from '../../app/router'
import { type RegistrationSubmitted, submitRegistration } from '../../api/visitorRegistrations'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, useLang } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { type Field, FormFields, PHONE } from '../gate/VisitorForm'
import './visit.css'

const FIELDS: Field[] = [
  { name: 'name', label: 'selfService.visit.name', required: true, maxLength: 50 },
  { ...PHONE, label: 'selfService.visit.phone' },
  { name: 'visiting', label: 'selfService.visit.visiting', maxLength: 100 },
  { name: 'purpose', label: 'selfService.visit.purpose', maxLength: 200 },
]

export default function VisitForm() {
  useLang()
  const token = queryParam('gate') ?? ''
  const [values, setValues] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<RegistrationSubmitted | null>(null)
  const key = `visit:${token}`

  if (!token) return <p class="note-box" data-testid="visit-no-gate">{t('selfService.visit.noGate')}</p>
  if (done) {
    return (
      <section class="visit-done" role="status" data-testid="visit-done">
        <p class="visit-done-title">{t('selfService.visit.done', { gate: done.gate_name })}</p>
        <p class="visit-done-name">{values.name}</p>
        <p>{t('selfService.visit.showAtGate')}</p>
        <p class="muted">{t('selfService.visit.expires', { time: formatDateTime(done.expires_at, false) })}</p>
      </section>
    )
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      const answer = await submitRegistration({
        client_id: pendingClientId(key),
        gate_token: token,
        name: (values.name ?? '').trim(),
        phone: (values.phone ?? '').trim(),
        visiting: (values.visiting ?? '').trim(),
        purpose: (values.purpose ?? '').trim(),
      })
      settleClientId(key)
      setDone(answer)
    } catch (e) {
      setError(e) // the same client id on the next press: a retry, never a second registration
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="gate-form visit-form" onSubmit={submit} data-testid="visit-form">
      <p class="visit-intro">{t('selfService.visit.intro')}</p>
      <FormFields fields={FIELDS} values={values} error={error} onChange={(n, v) => setValues({ ...values, [n]: v })} />
      <p class="muted">{t('selfService.visit.privacy')}</p>
      <Problem error={error} />
      <button class="primary big" type="submit" data-testid="visit-submit" disabled={busy}>
        {busy ? t('selfService.visit.sending') : t('selfService.visit.submit')}
      </button>
    </form>
  )
}
