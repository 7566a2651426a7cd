/** 消毒计划: recurring disinfection as times of day × places (e.g. every lift at 08:00 and 16:00);
 * add one, change one (new times and places apply from now on), pause one. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { listBuildings } from '../../api/communities'
import { BUILDING_KINDS, PLACE_KINDS, type PlaceKind } from '../../api/disinfections'
import { createSchedule, listSchedules, replaceSchedule, type ScheduleFields, type ScheduleRead } from '../../api/officeWork'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { t, useLang } from '../../i18n'
import { parseTimes, splitPlaces } from '../../office/forms'
import { communityOf, go, Loading, useLoad } from '../staff/common'
import { Refusal, useAction } from './parts'

interface Form {
  id: string | null
  name: string
  kind: PlaceKind
  times: string
  allBuildings: boolean
  buildingIds: string[]
  places: string
  grace: string
  active: boolean
}

const START: Form = { id: null, name: '', kind: 'lift', times: '08:00 16:00', allBuildings: true, buildingIds: [], places: '', grace: '60', active: true }

function formOf(s: ScheduleRead): Form {
  const ids = s.places.map((p) => p.building_id).filter((id): id is string => id !== null)
  return {
    id: s.id,
    name: s.name,
    kind: s.place_kind,
    times: s.times.join(' '),
    allBuildings: s.all_buildings,
    buildingIds: s.all_buildings ? [] : ids,
    places: BUILDING_KINDS.includes(s.place_kind) ? '' : s.places.map((p) => p.place).join('\n'),
    grace: String(s.grace_minutes),
    active: s.active,
  }
}

function fieldsOf(s: ScheduleRead, patch: Partial<ScheduleFields>): ScheduleFields {
  const byBuilding = BUILDING_KINDS.includes(s.place_kind)
  return {
    name: s.name,
    place_kind: s.place_kind,
    times: s.times,
    all_buildings: s.all_buildings,
    building_ids: byBuilding && !s.all_buildings ? s.places.map((p) => p.building_id!).filter(Boolean) : [],
    places: byBuilding ? [] : s.places.map((p) => p.place),
    grace_minutes: s.grace_minutes,
    active: s.active,
    ...patch,
  }
}

function ScheduleCard({ schedule, onEdit, onChanged }: { schedule: ScheduleRead; onEdit(): void; onChanged(): void }) {
  const action = useAction()
  const pause = async () => {
    if (await action.run(() => replaceSchedule(schedule.id, fieldsOf(schedule, { active: !schedule.active })))) onChanged()
  }
  const count = schedule.times.length * schedule.places.length
  return (
    <li class="card" data-testid="schedule" data-name={schedule.name}>
      <div class="member-head">
        <span class="chip warn">{t(`ops.disinfection.kind.${schedule.place_kind}`)}</span>
        <strong>{schedule.name}</strong>
        {!schedule.active && <span class="chip bad">{t('office.schedule.paused')}</span>}
      </div>
      <p>
        {t('office.schedule.times', { times: schedule.times.join('、') })} ·{' '}
        {schedule.all_buildings ? t('office.schedule.allBuildings', { n: schedule.places.length }) : schedule.places.map((p) => p.place).join('、')}
      </p>
      <p class="muted">{t('office.schedule.perDay', { n: count, grace: schedule.grace_minutes })}</p>
      <Refusal error={action.error} />
      <div class="actions">
        <button type="button" class="secondary" data-testid="edit-schedule" onClick={onEdit}>
          {t('office.schedule.edit')}
        </button>
        <button type="button" class="secondary" disabled={action.busy} onClick={pause}>
          {schedule.active ? t('office.schedule.pause') : t('office.schedule.resume')}
        </button>
      </div>
    </li>
  )
}

export default function DisinfectionSchedules() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const schedules = useLoad(() => listSchedules(community), [community])
  const buildings = useLoad(() => (community ? listBuildings(community) : Promise.resolve([])), [community])
  const [form, setForm] = useState<Form>(START)
  const [saved, setSaved] = useState<string | null>(null)
  const action = useAction()
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch })
  const byBuilding = BUILDING_KINDS.includes(form.kind)
  const times = parseTimes(form.times)
  const places = splitPlaces(form.places)
  const placeCount = byBuilding ? (form.allBuildings ? (buildings.data ?? []).length : form.buildingIds.length) : places.length
  const ready = form.name.trim() && times && placeCount > 0
  const flipBuilding = (id: string) =>
    set({ buildingIds: form.buildingIds.includes(id) ? form.buildingIds.filter((b) => b !== id) : [...form.buildingIds, id] })

  const submit = async (e: Event) => {
    e.preventDefault()
    if (!ready || !times) return
    const body: ScheduleFields = {
      name: form.name.trim(),
      place_kind: form.kind,
      times,
      all_buildings: byBuilding && form.allBuildings,
      building_ids: byBuilding && !form.allBuildings ? form.buildingIds : [],
      places: byBuilding ? [] : places,
      grace_minutes: Number(form.grace) || 0,
      active: form.active,
    }
    const done = await action.run(() =>
      form.id ? replaceSchedule(form.id, body) : createSchedule({ ...body, ...(community ? { community_id: community } : {}) }),
    )
    if (done) {
      setSaved(t('office.schedule.saved', { name: done.name }))
      setForm(START)
      schedules.reload()
    }
  }

  return (
    <section class="staff office">
      <button type="button" class="link" onClick={() => go('/staff/disinfections')}>
        {t('office.schedule.today')} ›
      </button>
      <div class="office-cols">
        <form id="schedule-form" class="card office-form" onSubmit={submit}>
          <h2>{form.id ? t('office.schedule.editTitle', { name: form.name }) : t('office.schedule.new')}</h2>
          {saved && (
            <p class="outcome-ok" role="status" data-testid="schedule-saved">
              {saved}
            </p>
          )}
          <label>
            {t('office.schedule.name')}
            <input name="schedule_name" maxLength={100} placeholder={t('office.schedule.nameExample')} value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />
          </label>
          <fieldset>
            <legend>{t('ops.disinfection.kind')}</legend>
            <div class="segmented">
              {PLACE_KINDS.map((k) => (
                <button key={k} type="button" aria-pressed={form.kind === k} data-kind={k} onClick={() => set({ kind: k })}>
                  {t(`ops.disinfection.kind.${k}`)}
                </button>
              ))}
            </div>
          </fieldset>
          <label>
            {t('office.schedule.timesLabel')}
            <input name="schedule_times" inputMode="numeric" placeholder="08:00 16:00" value={form.times} onInput={(e) => set({ times: e.currentTarget.value })} />
          </label>
          {!times && form.times.trim() && <p class="warn-text">{t('office.schedule.badTimes')}</p>}
          {byBuilding ? (
            <fieldset>
              <legend>{t('office.schedule.buildings')}</legend>
              <label class="check">
                <input type="checkbox" name="all_buildings" checked={form.allBuildings} onChange={(e) => set({ allBuildings: e.currentTarget.checked })} />
                {t('office.schedule.everyBuilding')}
              </label>
              {!form.allBuildings && (
                <div class="checks">
                  {(buildings.data ?? []).map((b) => (
                    <label key={b.id} class="check">
                      <input type="checkbox" name="schedule_building" value={b.id} checked={form.buildingIds.includes(b.id)} onChange={() => flipBuilding(b.id)} />
                      {b.compound_name} {b.name}
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
          ) : (
            <label>
              {t('office.schedule.places')}
              <textarea name="schedule_places" rows={3} placeholder={t('office.schedule.placesExample')} value={form.places} onInput={(e) => set({ places: e.currentTarget.value })} />
            </label>
          )}
          <label>
            {t('office.schedule.grace')}
            <input name="grace" inputMode="numeric" maxLength={3} value={form.grace} onInput={(e) => set({ grace: e.currentTarget.value })} />
          </label>
          {times && placeCount > 0 && (
            <p class="summary" data-testid="schedule-preview">
              {t('office.schedule.preview', { times: times.length, places: placeCount, n: times.length * placeCount })}
            </p>
          )}
          <Refusal error={action.error} />
          <button type="submit" class="primary big" data-testid="save-schedule" disabled={!ready || action.busy}>
            {form.id ? t('office.save') : t('office.schedule.submit')}
          </button>
          {form.id && (
            <button type="button" class="secondary wide" onClick={() => setForm(START)}>
              {t('office.cancel')}
            </button>
          )}
        </form>
        <div>
          <Problem error={schedules.error} />
          {schedules.loading && !schedules.data && <Loading />}
          {schedules.data?.items.length === 0 && <p class="hint">{t('office.schedule.none')}</p>}
          <ul class="plain single">
            {(schedules.data?.items ?? []).map((s) => (
              <ScheduleCard
                key={s.id}
                schedule={s}
                onChanged={schedules.reload}
                onEdit={() => {
                  setForm(formOf(s))
                  setSaved(null)
                  document.getElementById('schedule-form')?.scrollIntoView()
                }}
              />
            ))}
          </ul>
        </div>
      </div>
    </section>
  )
}
