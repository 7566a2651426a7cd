/** The medicine request form 代配药申请: which member, the medicine, dose and quantity, the
 * prescribing hospital, prescription or over the counter, and what the run must take along.
 * Used by the resident's screen and the office's 代登记. The client id is kept until the server
 * has the request, so a retry after a lost answer answers the first request (household/medicine.ts
 * requestKey). */
import { useState } from 'preact/hooks'
import { askMedicine, type MedicineKind, type MedicineRequest } from '../../api/medicine'
import { Problem } from '../../components/Problem'
import { t } from '../../i18n'
import './medicine.css'
import { EMPTY_FORM, formReady, type MedicineForm as Form, NEEDS, type Need, requestBody, requestKey } from '../../household/medicine'
import { pendingClientId, settleClientId } from '../../staff/clientIds'

export interface Member {
  id: string
  name: string
}

export function MedicineForm({ members, onAsked }: { members: Member[]; onAsked(asked: MedicineRequest): void }) {
  const [form, setForm] = useState<Form>({ ...EMPTY_FORM, personId: members.length === 1 ? members[0].id : '' })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const set = (change: Partial<Form>) => setForm({ ...form, ...change })
  const toggle = (n: Need) => set({ needs: form.needs.includes(n) ? form.needs.filter((x) => x !== n) : [...form.needs, n] })
  const text = (name: 'medicineName' | 'dose' | 'quantity' | 'hospital' | 'note', label: string, max: number) => (
    <label>
      {t(label)}
      <input name={name} maxLength={max} value={form[name]} onInput={(e) => set({ [name]: e.currentTarget.value })} />
    </label>
  )

  const submit = async (e: Event) => {
    e.preventDefault()
    if (!formReady(form) || busy) return
    const key = requestKey(form)
    setBusy(true)
    setError(null)
    try {
      const asked = await askMedicine(requestBody(form, pendingClientId(key)))
      settleClientId(key)
      setForm({ ...EMPTY_FORM, personId: form.personId })
      onAsked(asked)
    } catch (err) {
      setError(err) // the same client id on the next press: a retry, never a second request
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="care-form medicine-form" data-testid="medicine-form" onSubmit={submit}>
      <label>
        {t('medicine.ask.member')}
        <select name="person" value={form.personId} onChange={(e) => set({ personId: e.currentTarget.value })}>
          <option value="" />
          {members.map((m) => (
            <option key={m.id} value={m.id}>{m.name}</option>
          ))}
        </select>
      </label>
      {text('medicineName', 'medicine.ask.name', 100)}
      {text('dose', 'medicine.ask.dose', 100)}
      {text('quantity', 'medicine.ask.quantity', 50)}
      <fieldset>
        <legend>{t('medicine.ask.kind')}</legend>
        {(['prescription', 'otc'] as MedicineKind[]).map((k) => (
          <button key={k} type="button" aria-pressed={form.kind === k} data-kind={k} onClick={() => set({ kind: k })}>
            {t(`medicine.kind.${k}`)}
          </button>
        ))}
      </fieldset>
      {form.kind === 'prescription' && text('hospital', 'medicine.ask.hospital', 100)}
      {form.kind === 'prescription' && (
        <fieldset>
          <legend>{t('medicine.ask.needs')}</legend>
          {NEEDS.map((n) => (
            <button key={n} type="button" aria-pressed={form.needs.includes(n)} data-need={n} onClick={() => toggle(n)}>
              {t(`medicine.needs.${n}`)}
            </button>
          ))}
        </fieldset>
      )}
      {text('note', 'medicine.ask.note', 200)}
      <Problem error={error} />
      <button type="submit" class="primary" data-testid="ask-medicine" disabled={!formReady(form) || busy}>
        {t('medicine.ask.send')}
      </button>
    </form>
  )
}
