/** 访客/快递登记: short, with the phone keyboard right for phones and temperatures. */
import { useState } from 'preact/hooks'
import { navigate } from '../../app/router'
import { ApiProblem, fieldErrors } from '../../api/problem'
import { FieldProblem, Problem } from '../../components/Problem'
import { logVisitor, loadBundle, savedGate } from '../../gate/gateData'
import { temperatureValid } from '../../gate/rules'
import { t, useLang } from '../../i18n'

export interface Field {
  name: string
  label: string
  inputMode?: 'numeric' | 'decimal' | 'text'
  type?: string
  required?: boolean
  pattern?: string
  maxLength?: number
}

/** The fields, each with the error the API named for it (a validation problem) beside it. */
export function FormFields({ fields, values, onChange, error }: {
  fields: Field[]
  values: Record<string, string>
  onChange(name: string, value: string): void
  error?: unknown
}) {
  const invalid = fieldErrors(error)
  return (
    <>
      {fields.map((f) => (
        <label key={f.name}>
          {t(f.label)}
          <input
            name={f.name}
            type={f.type ?? 'text'}
            inputMode={f.inputMode}
            pattern={f.pattern}
            maxLength={f.maxLength}
            required={f.required}
            aria-invalid={f.name in invalid}
            value={values[f.name] ?? ''}
            onInput={(e) => onChange(f.name, e.currentTarget.value)}
          />
          <FieldProblem error={error} field={f.name} />
        </label>
      ))}
    </>
  )
}

export const PHONE: Field = { name: 'phone', label: 'gate.form.phone', inputMode: 'numeric', type: 'tel', pattern: '1[0-9]{10}', maxLength: 11, required: true }
export const TEMPERATURE: Field = { name: 'temperature', label: 'gate.form.temperature', inputMode: 'decimal', pattern: '[0-9]{2}([.,][0-9])?', maxLength: 4, required: true }

export type Outcome = { kind: 'sent' | 'queued'; fever: boolean } | null

export function OutcomeBanner({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null
  return (
    <div class={`outcome ${outcome.fever ? 'deny' : 'allow'}`} role="status" data-testid="outcome">
      <p>{outcome.kind === 'sent' ? t('gate.form.sent') : t('gate.form.queued')}</p>
      {outcome.fever && <p class="verdict-refer">{t('gate.reason.fever')} {t('gate.refer')}</p>}
    </div>
  )
}

export function parseTemperature(text: string): number | null {
  const value = Number(text.replace(',', '.'))
  return text && temperatureValid(value) ? Math.round(value * 10) / 10 : null
}

const FIELDS: Field[] = [
  { name: 'name', label: 'gate.form.name', required: true, maxLength: 50 },
  PHONE,
  { name: 'visiting', label: 'gate.form.visiting', maxLength: 100 },
  { name: 'purpose', label: 'gate.form.purpose', maxLength: 200 },
  TEMPERATURE,
]

export default function VisitorForm() {
  useLang()
  const [kind, setKind] = useState<'visitor' | 'courier'>('visitor')
  const [values, setValues] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(null)
  const [outcome, setOutcome] = useState<Outcome>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: Event) => {
    event.preventDefault()
    setError(null)
    const temperature = parseTemperature(values.temperature ?? '')
    const gate = await savedGate()
    if (temperature === null) return setError(new ApiProblem(0, t('gate.temperature.bad')))
    if (!gate) return navigate('/gate')
    setBusy(true)
    try {
      const kindSent = await logVisitor({
        gate_id: gate.id,
        kind,
        name: values.name.trim(),
        phone: values.phone.trim(),
        visiting: values.visiting ?? '',
        purpose: values.purpose ?? '',
        temperature,
      })
      const threshold = (await loadBundle())?.bundle.rules.fever_threshold ?? 37.3
      setOutcome({ kind: kindSent, fever: temperature >= threshold })
      setValues({})
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="gate-form" onSubmit={submit}>
      <div class="segmented big" role="group">
        {(['visitor', 'courier'] as const).map((k) => (
          <button key={k} type="button" aria-pressed={kind === k} onClick={() => setKind(k)}>
            {t(`gate.visitor.${k}`)}
          </button>
        ))}
      </div>
      <FormFields fields={FIELDS} values={values} error={error} onChange={(n, v) => setValues({ ...values, [n]: v })} />
      <Problem error={error} />
      <OutcomeBanner outcome={outcome} />
      <button class="primary big" type="submit" disabled={busy}>{t('gate.form.submit')}</button>
      <button class="secondary" type="button" onClick={() => navigate('/gate')}>{t('gate.form.back')}</button>
    </form>
  )
}
