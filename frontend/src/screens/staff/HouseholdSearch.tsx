/** 查找住户: by name (characters, pinyin initials "zs", full pinyin), by building/unit/room, or
 * exactly by a whole ID number or mobile number. A result opens the household's file. */
import { useEffect, useRef, useState } from 'preact/hooks'
import { listBuildings, type BuildingRead } from '../../api/communities'
import { searchPeople, type PersonPage, type PersonRead } from '../../api/people'
import { queryParam } from '../../app/router'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { t, term, useLang } from '../../i18n'
import { peopleQuery, type SearchForm } from '../../staff/search'
import { communityOf, Flags, go, useLoad } from './common'

const PAGE = 30
const TYPING_PAUSE_MS = 500

function formFromUrl(): SearchForm {
  return {
    q: queryParam('q') ?? '',
    buildingId: queryParam('b') ?? '',
    unit: queryParam('u') ?? '',
    room: queryParam('r') ?? '',
  }
}

function urlOf(form: SearchForm): string {
  const params = new URLSearchParams()
  if (form.q.trim()) params.set('q', form.q.trim())
  if (form.buildingId) params.set('b', form.buildingId)
  if (form.buildingId && form.unit) params.set('u', form.unit)
  if (form.buildingId && form.room.trim()) params.set('r', form.room.trim())
  const qs = params.toString()
  return `/staff/search${qs ? `?${qs}` : ''}`
}

function BuildingPicker({ buildings, value, onChange }: {
  buildings: BuildingRead[]
  value: string
  onChange(id: string): void
}) {
  const compounds = [...new Set(buildings.map((b) => b.compound_name))]
  return (
    <select name="building" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{t('staff.search.anyBuilding')}</option>
      {compounds.map((compound) => (
        <optgroup key={compound} label={compound}>
          {buildings
            .filter((b) => b.compound_name === compound)
            .map((b) => (
              <option key={b.id} value={b.id}>
                {compound} {b.name}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  )
}

function PersonRow({ person }: { person: PersonRead }) {
  return (
    <li>
      <button
        type="button"
        class="row"
        data-testid="person"
        onClick={() => go(`/staff/households/${person.household_id}`)}
      >
        <span class="row-main">
          <strong>{person.name}</strong>
          <span class="muted">
            {term('relation', person.relation)}
            {person.age !== null && ` · ${t('staff.search.age', { n: person.age })}`}
          </span>
          <Flags person={person} />
        </span>
        <span class="row-sub">{person.address}</span>
      </button>
    </li>
  )
}

export default function HouseholdSearch() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const buildings = useLoad(() => (community ? listBuildings(community) : Promise.resolve([])), [community])
  const [form, setForm] = useState<SearchForm>(formFromUrl)
  const [page, setPage] = useState<PersonPage | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const seq = useRef(0)
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null)

  const run = async (current: SearchForm, offset = 0) => {
    const query = peopleQuery(current)
    const mine = ++seq.current
    if (offset === 0) history.replaceState(null, '', urlOf(current))
    if (!query) {
      setPage(null)
      setError(null)
      return
    }
    setBusy(true)
    try {
      const next = await searchPeople({ ...query, limit: PAGE, offset })
      if (mine !== seq.current) return
      setError(null)
      setPage(offset === 0 || !page ? next : { ...next, items: [...page.items, ...next.items] })
    } catch (err) {
      if (mine === seq.current) setError(err)
    } finally {
      if (mine === seq.current) setBusy(false)
    }
  }

  useEffect(() => {
    if (peopleQuery(form)) void run(form)
    return () => {
      if (typing.current) clearTimeout(typing.current)
    }
  }, [])

  const change = (patch: Partial<SearchForm>, searchSoon = false) => {
    const next = { ...form, ...patch }
    setForm(next)
    if (typing.current) clearTimeout(typing.current)
    if (searchSoon) typing.current = setTimeout(() => void run(next), TYPING_PAUSE_MS)
  }

  const submit = (e: Event) => {
    e.preventDefault()
    if (typing.current) clearTimeout(typing.current)
    ;(document.activeElement as HTMLElement | null)?.blur() // close the phone keyboard
    void run(form)
  }

  return (
    <section class="staff">
      <form class="search" onSubmit={submit} role="search">
        <label for="q">{t('staff.search.q')}</label>
        <div class="search-row">
          <input
            id="q"
            name="q"
            type="search"
            enterKeyHint="search"
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            placeholder={t('staff.search.placeholder')}
            value={form.q}
            onInput={(e) => change({ q: e.currentTarget.value }, e.currentTarget.value.trim().length >= 2)}
          />
          <button type="submit" class="primary" data-testid="search">
            {t('staff.search.submit')}
          </button>
        </div>
        <details open={Boolean(form.buildingId)}>
          <summary>{t('staff.search.where')}</summary>
          <label>
            {t('staff.search.building')}
            <BuildingPicker
              buildings={buildings.data ?? []}
              value={form.buildingId}
              onChange={(id) => change({ buildingId: id })}
            />
          </label>
          <div class="pair">
            <label>
              {t('staff.search.unit')}
              <input
                name="unit"
                inputMode="numeric"
                pattern="[0-9]*"
                maxLength={2}
                value={form.unit}
                disabled={!form.buildingId}
                onInput={(e) => change({ unit: e.currentTarget.value })}
              />
            </label>
            <label>
              {t('staff.search.room')}
              <input
                name="room"
                inputMode="numeric"
                maxLength={20}
                value={form.room}
                disabled={!form.buildingId}
                onInput={(e) => change({ room: e.currentTarget.value })}
              />
            </label>
          </div>
        </details>
        {!page && !error && <p class="hint">{t('staff.search.hint')}</p>}
      </form>
      <Problem error={error ?? buildings.error} />
      {page && (
        <>
          <p class="summary" data-testid="found">
            {page.total === 0 ? t('staff.search.empty') : t('staff.search.found', { n: page.total })}
          </p>
          {page.truncated && <p class="hint">{t('staff.search.truncated')}</p>}
          <ul class="rows">
            {page.items.map((person) => (
              <PersonRow key={person.id} person={person} />
            ))}
          </ul>
          {page.items.length < page.total && (
            <button type="button" class="secondary wide" disabled={busy} onClick={() => void run(form, page.items.length)}>
              {t('staff.more')}
            </button>
          )}
        </>
      )}
      {busy && !page && <p class="loading">{t('shell.loading')}</p>}
    </section>
  )
}
