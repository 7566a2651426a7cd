/** 返回人员登记: a resident coming back; their household is found from their pass number. */
import { useState } from 'preact/hooks'
import { navigate } from '../../app/router'
import { ApiProblem } from '../../api/problem'
import { Problem } from '../../components/Problem'
import { logVisitor, loadBundle, savedGate, verifyOnline } from '../../gate/gateData'
import { passNumberWellFormed } from '../../gate/token'
import { t, useLang } from '../../i18n'
import { type Field, FormFields, OutcomeBanner, type Outcome, PHONE, TEMPERATURE, parseTemperature } from './VisitorForm'

const FIELDS: Field[] = [
  { name: 'pass_number', label: 'gate.returnee.passNumber', inputMode: 'numeric', pattern: '[0-9]{8}', maxLength: 8, required: true },
  { name: 'name', label: 'gate.form.name', required: true, maxLength: 50 },
  PHONE,
  { name: 'from_city', label: 'gate.returnee.fromCity', required: true, maxLength: 50 },
  { name: 'transport', label: 'gate.returnee.transport', maxLength: 50 },
  { name: 'arrival_date', label: 'gate.returnee.arrival', type: 'date' },
  TEMPERATURE,
]

export default function ReturneeForm() {
  useLang()
  const [values, setValues] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(null)
  const [outcome, setOutcome] = useState<Outcome>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: Event) => {
    event.preventDefault()
    setError(null)
    setOutcome(null)
    const temperature = parseTemperature(values.temperature ?? '')
    const gate = await savedGate()
    if (!gate) return navigate('/gate')
    if (temperature === null) return setError(new ApiProblem(0, t('gate.temperature.bad')))
    if (!passNumberWellFormed(values.pass_number ?? '')) return setError(new ApiProblem(0, t('gate.number.bad')))
    setBusy(true)
    try {
      const found = await verifyOnline(gate, { passNumber: values.pass_number }, 'in')
      if (!found) throw new ApiProblem(0, t('gate.returnee.needsNetwork'))
      if (!found.householdId) throw new ApiProblem(0, t(`gate.reason.${found.reason ?? 'not_found'}`))
      const sent = await logVisitor({
        gate_id: gate.id,
        kind: 'returnee',
        household_id: found.householdId,
        name: values.name.trim(),
        phone: values.phone.trim(),
        from_city: values.from_city.trim(),
        transport: values.transport ?? '',
        arrival_date: values.arrival_date || null,
        temperature,
      })
      const threshold = (await loadBundle())?.bundle.rules.fever_threshold ?? 37.3
      setOutcome({ kind: sent, fever: temperature >= threshold })
      setValues({})
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="gate-form" onSubmit={submit}>
      <FormFields fields={FIELDS} values={values} error={error} onChange={(n, v) => setValues({ ...values, [n]: v })} />
      <Problem error={error} />
      <OutcomeBanner outcome={outcome} />
      <button class="primary big" type="submit" disabled={busy}>{t('gate.form.submit')}</button>
      <button class="secondary" type="button" onClick={() => navigate('/gate')}>{t('gate.form.back')}</button>
    </form>
  )
}
