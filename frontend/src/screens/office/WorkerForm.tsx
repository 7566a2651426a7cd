/** 人员登记: add a person to the roster or correct one: category, birth year or age, mobile (shown
 * masked; typed only to change it), skills, when they can take shifts, their account, active. */
import '../../i18n/online' // first: the words these screens bring
import { useEffect, useState } from 'preact/hooks'
import {
  createWorker,
  getWorker,
  updateWorker,
  WORKER_CATEGORIES,
  WORKER_KINDS,
  type AvailabilitySlot,
  type WorkerCategory,
  type WorkerFields,
  type WorkerFull,
} from '../../api/roster'
import type { WorkerKind } from '../../api/workers'
import { navigate, queryParam } from '../../app/router'
import { useAccount } from '../../auth/session'
import { t, term, useLang } from '../../i18n'
import { birthYearOf, cleanMobile, splitSkills } from '../../office/forms'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import type { ScreenProps } from '../../routes'
import { BackButton, communityOf, go, Loading, useLoad } from '../staff/common'
import { Refusal, thisYear, useAction, WeekdayToggles } from './parts'

/** Skills offered as toggles (the roster's words); others are typed. */
const COMMON_SKILLS = ['测温', '秩序维护', '驾驶', '配送', '搬运', '宣传', '入户排查', '电话随访', '心理疏导', '调解', '协调', '统计报表']
const NEW_KEY = 'worker:new'

interface Form {
  name: string
  kind: WorkerKind
  category: WorkerCategory | ''
  birthYear: string
  age: string
  phone: string
  skills: string[]
  otherSkills: string
  availability: AvailabilitySlot[]
  availabilityNote: string
  account: string
  active: boolean
  note: string
}

const EMPTY: Form = {
  name: '', kind: 'volunteer', category: '', birthYear: '', age: '', phone: '', skills: [], otherSkills: '',
  availability: [], availabilityNote: '', account: '', active: true, note: '',
}

function formOf(w: WorkerFull): Form {
  return {
    name: w.name,
    kind: w.kind,
    category: w.category as WorkerCategory,
    birthYear: w.birth_year ? String(w.birth_year) : '',
    age: '',
    phone: '',
    skills: w.skills.filter((s) => COMMON_SKILLS.includes(s)),
    otherSkills: w.skills.filter((s) => !COMMON_SKILLS.includes(s)).join('、'),
    availability: w.availability.map((a) => ({ ...a, start: a.start.slice(0, 5), end: a.end.slice(0, 5) })),
    availabilityNote: w.availability_note,
    account: w.account_username ?? '',
    active: w.active,
    note: w.note,
  }
}

function Availability({ slots, onChange }: { slots: AvailabilitySlot[]; onChange(next: AvailabilitySlot[]): void }) {
  const set = (i: number, patch: Partial<AvailabilitySlot>) => onChange(slots.map((s, j) => (j === i ? { ...s, ...patch } : s)))
  return (
    <fieldset>
      <legend>{t('office.worker.availability')}</legend>
      {slots.length === 0 && <p class="hint">{t('office.worker.anyTime')}</p>}
      {slots.map((slot, i) => (
        <div key={i} class="slot" data-testid="slot">
          <WeekdayToggles name={`slot-days-${i}`} value={slot.weekdays} onChange={(weekdays) => set(i, { weekdays })} />
          <div class="slot-times">
            <input type="time" aria-label={t('office.worker.from')} value={slot.start} onInput={(e) => set(i, { start: e.currentTarget.value })} />
            <span>–</span>
            <input type="time" aria-label={t('office.worker.to')} value={slot.end} onInput={(e) => set(i, { end: e.currentTarget.value })} />
            <button type="button" class="link" onClick={() => onChange(slots.filter((_, j) => j !== i))}>
              {t('office.remove')}
            </button>
          </div>
        </div>
      ))}
      <button
        type="button"
        class="secondary wide"
        onClick={() => onChange([...slots, { weekdays: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '20:00' }])}
      >
        {t('office.worker.addSlot')}
      </button>
    </fieldset>
  )
}

/** The fields to send; null (with the key of what is wrong) when the form cannot be sent. */
function fieldsOf(form: Form, creating: boolean): [Partial<WorkerFields> & { age?: number }, null] | [null, string] {
  if (!form.name.trim()) return [null, 'office.worker.needName']
  if (!form.category) return [null, 'office.worker.needCategory']
  const phone = form.phone.trim() ? cleanMobile(form.phone) : null
  if (form.phone.trim() && !phone) return [null, 'office.worker.badPhone']
  const year = Number(form.birthYear)
  const born = form.birthYear.trim() ? (Number.isInteger(year) ? year : NaN) : null
  const fromAge = birthYearOf(form.age, thisYear())
  if (form.age.trim() && fromAge === null) return [null, 'office.worker.badAge']
  if (Number.isNaN(born)) return [null, 'office.worker.badYear']
  const fields: Partial<WorkerFields> & { age?: number } = {
    name: form.name.trim(),
    kind: form.kind,
    category: form.category,
    skills: [...form.skills, ...splitSkills(form.otherSkills)],
    availability: form.availability,
    availability_note: form.availabilityNote.trim(),
    account_username: form.account.trim() || null,
    active: form.active,
    note: form.note.trim(),
  }
  if (born !== null) fields.birth_year = born
  else if (fromAge !== null) {
    if (creating) fields.age = Number(form.age)
    else fields.birth_year = fromAge
  }
  if (phone) fields.phone = phone
  return [fields, null]
}

export default function WorkerForm({ params }: ScreenProps) {
  useLang()
  const account = useAccount()
  const id = params.id
  const existing = useLoad(() => (id ? getWorker(id) : Promise.resolve(null)), [id])
  const [form, setForm] = useState<Form>(EMPTY)
  const [invalid, setInvalid] = useState<string | null>(null)
  const [saved, setSaved] = useState<WorkerFull | null>(null)
  const action = useAction()
  useEffect(() => {
    if (existing.data) setForm(formOf(existing.data))
  }, [existing.data])
  const set = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch })
    setInvalid(null)
  }
  const toggleSkill = (s: string) => set({ skills: form.skills.includes(s) ? form.skills.filter((x) => x !== s) : [...form.skills, s] })
  const age = form.birthYear.trim() ? thisYear() - Number(form.birthYear) : null

  const submit = async (e: Event) => {
    e.preventDefault()
    const [fields, problem] = fieldsOf(form, !id)
    if (!fields) return setInvalid(problem)
    const worker = await action.run(() =>
      id
        ? updateWorker(id, fields)
        : createWorker({
            ...(fields as WorkerFields),
            client_id: pendingClientId(NEW_KEY),
            ...(communityOf(account) ? { community_id: communityOf(account) } : {}),
          }),
    )
    if (!worker) return
    if (!id) {
      settleClientId(NEW_KEY)
      navigate(`/staff/roster/workers/${worker.id}?saved=1`, true)
    }
    setSaved(worker)
    setForm(formOf(worker))
  }

  if (id && existing.loading && !existing.data) return <Loading />
  const current = existing.data
  const shown = saved ?? (queryParam('saved') && current ? current : null)
  return (
    <section class="staff">
      <BackButton to="/staff/roster" />
      <h1>{id ? t('office.worker.editTitle', { name: current?.name ?? '' }) : t('office.worker.newTitle')}</h1>
      <Refusal error={existing.error} />
      {shown && (
        <div class="outcome-ok saved" role="status" data-testid="worker-saved">
          {t('office.worker.saved', { name: shown.name })}
        </div>
      )}
      <form class="card office-form" onSubmit={submit} noValidate>
        <div class="office-cols">
          <div>
            <label>
              {t('office.worker.name')}
              <input name="name" maxLength={50} autoComplete="off" value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />
            </label>
            <fieldset>
              <legend>{t('office.worker.kind')}</legend>
              <div class="segmented">
                {WORKER_KINDS.map((k) => (
                  <button key={k} type="button" aria-pressed={form.kind === k} data-kind={k} onClick={() => set({ kind: k })}>
                    {t(`ops.roster.kind.${k}`)}
                  </button>
                ))}
              </div>
            </fieldset>
            <label>
              {t('office.worker.category')}
              <select name="category" value={form.category} onChange={(e) => set({ category: e.currentTarget.value as WorkerCategory })}>
                <option value="">{t('office.worker.pickCategory')}</option>
                {WORKER_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`office.category.${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <div class="pair">
              <label>
                {t('office.worker.birthYear')}
                <input
                  name="birth_year"
                  inputMode="numeric"
                  maxLength={4}
                  placeholder="1975"
                  value={form.birthYear}
                  onInput={(e) => set({ birthYear: e.currentTarget.value.trim(), age: '' })}
                />
              </label>
              <label>
                {t('office.worker.age')}
                <input
                  name="age"
                  inputMode="numeric"
                  maxLength={3}
                  placeholder={age !== null && age > 0 && age < 120 ? String(age) : ''}
                  value={form.age}
                  onInput={(e) => set({ age: e.currentTarget.value.trim(), birthYear: '' })}
                />
              </label>
            </div>
            <label>
              {t('office.worker.phone')}
              <input
                type="tel"
                name="phone"
                inputMode="tel"
                autoComplete="off"
                maxLength={20}
                placeholder={current?.phone ?? '138 0013 8000'}
                value={form.phone}
                onInput={(e) => set({ phone: e.currentTarget.value })}
              />
            </label>
            {current?.phone && <p class="hint">{t('office.worker.phoneKept', { phone: current.phone })}</p>}
            <label>
              {t('office.worker.account')}
              <input
                name="account"
                autoComplete="off"
                autoCapitalize="none"
                maxLength={64}
                placeholder={t('office.worker.noAccount')}
                value={form.account}
                onInput={(e) => set({ account: e.currentTarget.value })}
              />
            </label>
            <label class="check">
              <input type="checkbox" name="active" checked={form.active} onChange={(e) => set({ active: e.currentTarget.checked })} />
              {t('office.worker.active')}
            </label>
          </div>
          <div>
            <fieldset>
              <legend>{t('office.worker.skills')}</legend>
              <div class="symptoms">
                {COMMON_SKILLS.map((s) => (
                  <button key={s} type="button" class="toggle" aria-pressed={form.skills.includes(s)} data-skill={s} onClick={() => toggleSkill(s)}>
                    {term('skill', s)}
                  </button>
                ))}
              </div>
              <input
                name="other_skills"
                aria-label={t('office.worker.otherSkills')}
                placeholder={t('office.worker.otherSkills')}
                value={form.otherSkills}
                onInput={(e) => set({ otherSkills: e.currentTarget.value })}
              />
            </fieldset>
            <Availability slots={form.availability} onChange={(availability) => set({ availability })} />
            <label>
              {t('office.worker.availabilityNote')}
              <input
                name="availability_note"
                maxLength={200}
                placeholder={t('office.worker.availabilityExample')}
                value={form.availabilityNote}
                onInput={(e) => set({ availabilityNote: e.currentTarget.value })}
              />
            </label>
            <label>
              {t('office.worker.note')}
              <input name="note" maxLength={200} value={form.note} onInput={(e) => set({ note: e.currentTarget.value })} />
            </label>
          </div>
        </div>
        {invalid && (
          <p class="problem" role="alert" data-testid="problem">
            {t(invalid)}
          </p>
        )}
        <Refusal error={action.error} />
        <button type="submit" class="primary big" data-testid="save-worker" disabled={action.busy}>
          {t('office.save')}
        </button>
      </form>
      {id && current && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => go('/staff/roster/coverage')}>
            {t('office.worker.toCoverage')}
          </button>
          <button type="button" class="secondary" onClick={() => go('/staff/roster/workers/new')}>
            {t('office.worker.another')}
          </button>
        </div>
      )}
    </section>
  )
}
