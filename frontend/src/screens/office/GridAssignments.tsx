/** 网格分工: which grid worker is responsible for which buildings (or floors), households per
 * worker and floors nobody has; a building or floors move from one worker to another in ONE
 * change (the API refuses a change that leaves floors with nobody or with two workers). */
import '../../i18n/online' // first: the words these screens bring
import { useEffect, useState } from 'preact/hooks'
import { listBuildings, type BuildingRead } from '../../api/communities'
import { gridCoverage, listGridWorkers, setGridPlan, type GridArea, type UncoveredArea, type WorkerLoad } from '../../api/grid'
import { useAccount, type Account } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { t, useLang } from '../../i18n'
import { movePlan, type Area } from '../../office/grid'
import { communityOf, Loading, useLoad } from '../staff/common'
import { Refusal, useAction } from './parts'

interface Names {
  label(subject: string): string
  /** The community's grid-worker accounts (a building can be given to any of them). */
  extra: string[]
}

async function namesFor(account: Account | null, community: string | undefined): Promise<Names> {
  const known = new Map<string, string>()
  if (account) known.set(account.subject, account.name || account.username)
  const workers = await listGridWorkers(community).catch(() => [])
  for (const w of workers) known.set(w.subject, w.display_name || w.username)
  return {
    label: (subject) => known.get(subject) ?? t('office.grid.unnamed', { id: subject.slice(-6) }),
    extra: workers.map((w) => w.subject),
  }
}

const floorsText = (a: { floor_from: number | null; floor_to: number | null }) =>
  a.floor_from === null || a.floor_to === null ? t('office.grid.whole') : t('office.grid.floors', { from: a.floor_from, to: a.floor_to })

interface MovePanelProps {
  area: Area & { building_name: string }
  from: string | null
  targets: string[]
  names: Names
  height: number
  onMove(to: string | null, floors?: { from: number; to: number }): Promise<void>
  busy: boolean
}

function MovePanel({ area, from, targets, names, height, onMove, busy }: MovePanelProps) {
  const others = targets.filter((s) => s !== from)
  const [to, setTo] = useState(others[0] ?? '')
  const [lo, setLo] = useState('')
  const [hi, setHi] = useState('')
  const span = area.floor_from === null ? [1, height] : [area.floor_from, area.floor_to ?? height]
  const floors = lo || hi ? { from: Number(lo || span[0]), to: Number(hi || span[1]) } : undefined
  return (
    <div class="move" data-testid="move-panel">
      <label>
        {from ? t('office.grid.giveTo') : t('office.grid.assignTo')}
        <select name="move_to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
          {others.map((s) => (
            <option key={s} value={s}>
              {names.label(s)}
            </option>
          ))}
          {from && <option value="">{t('office.grid.nobody')}</option>}
        </select>
      </label>
      <p class="hint">{t('office.grid.partHint', { from: span[0], to: span[1] })}</p>
      <div class="pair">
        <label>
          {t('office.grid.floorFrom')}
          <input name="floor_from" inputMode="numeric" maxLength={3} placeholder={String(span[0])} value={lo} onInput={(e) => setLo(e.currentTarget.value)} />
        </label>
        <label>
          {t('office.grid.floorTo')}
          <input name="floor_to" inputMode="numeric" maxLength={3} placeholder={String(span[1])} value={hi} onInput={(e) => setHi(e.currentTarget.value)} />
        </label>
      </div>
      <button type="button" class="primary wide" data-testid="confirm-move" disabled={busy || (!from && !to)} onClick={() => onMove(to || null, floors)}>
        {from ? t('office.grid.move') : t('office.grid.assign')}
      </button>
    </div>
  )
}

export default function GridAssignments() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const cover = useLoad(() => gridCoverage(community), [community])
  const buildings = useLoad(() => (community ? listBuildings(community) : Promise.resolve([] as BuildingRead[])), [community])
  const names = useLoad(() => namesFor(account, community), [account?.subject, community])
  const [open, setOpen] = useState<string | null>(null)
  const [moved, setMoved] = useState<string | null>(null)
  const action = useAction()
  useEffect(() => {
    if (moved) document.querySelector('[data-testid=grid-moved]')?.scrollIntoView({ block: 'center' })
  }, [moved])
  const c = cover.data
  const n = names.data
  const loads: WorkerLoad[] = c?.workers ?? []
  const targets = [...new Set([...loads.map((l) => l.subject), ...(n?.extra ?? [])])]
  /** `东苑 2栋`: assignments name the building alone, the uncovered list with its compound. */
  const fullName = (buildingId: string, fallback: string) => {
    const b = (buildings.data ?? []).find((x) => x.id === buildingId)
    return b ? `${b.compound_name} ${b.name}` : fallback
  }
  const height = (buildingId: string) => (buildings.data ?? []).find((b) => b.id === buildingId)?.floors ?? 1

  const move = async (area: Area & { building_name: string }, from: string | null, to: string | null, floors?: { from: number; to: number }) => {
    if (!c || !n) return
    setMoved(null)
    const plan = movePlan(loads, from, to, { area, floors }, height(area.building_id))
    if (await action.run(() => setGridPlan(c.community_id, plan))) {
      const what = `${area.building_name} ${floors ? t('office.grid.floors', floors) : floorsText(area)}`
      setMoved(t('office.grid.moved', { what, to: to ? n.label(to) : t('office.grid.nobody') }))
      setOpen(null)
      cover.reload()
    }
  }

  const areaRow = (key: string, area: GridArea | UncoveredArea, from: string | null, extra?: string) => {
    const whole = 'whole_building' in area && area.whole_building
    const a = {
      building_id: area.building_id,
      building_name: fullName(area.building_id, area.building_name),
      floor_from: whole ? null : area.floor_from,
      floor_to: whole ? null : area.floor_to,
    }
    return (
      <li key={key}>
        <div class="area" data-testid={from ? 'area' : 'uncovered-area'} data-building={a.building_name}>
          <span>
            <strong>{a.building_name}</strong> {floorsText(a)}
            {extra && <span class="muted"> · {extra}</span>}
          </span>
          <button type="button" class="secondary" data-testid={from ? 'move-area' : 'assign-area'} onClick={() => { action.clear(); setOpen(open === key ? null : key) }}>
            {from ? t('office.grid.moveShort') : t('office.grid.assignShort')}
          </button>
        </div>
        {open === key && n && (
          <>
            <MovePanel area={a} from={from} targets={targets} names={n} height={height(area.building_id)} busy={action.busy} onMove={(to, floors) => move(a, from, to, floors)} />
            <Refusal error={action.error} />
          </>
        )}
      </li>
    )
  }

  return (
    <section class="staff office">
      <Problem error={cover.error ?? buildings.error} />
      {(cover.loading && !c) || !n ? <Loading /> : null}
      {moved && (
        <p class="outcome-ok" role="status" data-testid="grid-moved">
          {moved}
        </p>
      )}
      {c && n && (
        <>
          <p class="stat-line" data-testid="grid-summary">
            <span>{t('office.grid.buildings', { n: c.buildings })}</span>
            <span>{t('office.grid.covered', { n: c.households_covered, all: c.households })}</span>
            <span class={c.households_uncovered ? 'late' : ''}>{t('office.grid.uncoveredCount', { n: c.households_uncovered })}</span>
          </p>
          <div class="office-cols">
            <div>
              {loads.length === 0 && <p class="hint">{t('office.grid.noWorkers')}</p>}
              {loads.map((load) => (
                <section key={load.subject} class="card" data-testid="grid-worker" data-subject={load.subject}>
                  <h2>{n.label(load.subject)}</h2>
                  <p class="muted">{t('office.grid.load', { buildings: load.buildings, households: load.households })}</p>
                  <ul class="plain single">{load.areas.map((a) => areaRow(`${load.subject}:${a.building_id}:${a.floor_from}`, a, load.subject))}</ul>
                </section>
              ))}
            </div>
            <section class="card" data-testid="uncovered">
              <h2>{t('office.grid.uncoveredTitle', { n: c.uncovered.length })}</h2>
              {c.uncovered.length === 0 && <p>{t('office.grid.allCovered')}</p>}
              <ul class="plain single">
                {c.uncovered.map((u) =>
                  areaRow(`none:${u.building_id}:${u.floor_from}`, u, null, t('office.grid.households', { n: u.households })),
                )}
              </ul>
            </section>
          </div>
        </>
      )}
    </section>
  )
}
