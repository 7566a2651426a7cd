/** 值守名册 (office): who works (staff, grid workers, volunteers) with category, age, masked
 * phone, skills and availability; and this week's gate shifts short of people. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { coverage, listWorkers, type WorkerKind, type WorkerRead } from '../../api/workers'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { t, term, useLang } from '../../i18n'
import { RosterTabs } from '../office/parts'
import { communityOf, go, shortDate, useLoad } from './common'

const KINDS: (WorkerKind | '')[] = ['', 'staff', 'grid_worker', 'volunteer']

function Gaps({ community }: { community: string | undefined }) {
  const cover = useLoad(() => coverage(community), [community])
  const c = cover.data
  return (
    <section class="card" data-testid="gaps">
      <h2>{t('ops.roster.gaps')}</h2>
      <Problem error={cover.error} />
      {c && c.unstaffed.length === 0 && <p>{t('ops.roster.noGaps')}</p>}
      <ul class="plain">
        {(c?.unstaffed ?? []).slice(0, 10).map((s) => (
          <li key={s.shift_id}>
            <button type="button" class={`link ${s.nobody ? 'late' : ''}`} data-testid="roster-gap" onClick={() => go(`/staff/roster/shifts/${s.shift_id}`)}>
              {t('ops.roster.gap', {
                gate: s.gate_name,
                time: `${shortDate(s.starts_at)} ${s.label}`,
                assigned: s.assigned,
                min: s.min_workers,
              })}
            </button>
          </li>
        ))}
      </ul>
      {(c?.over_hours ?? []).map((o) => (
        <p key={o.worker_id} class="warn-text">
          <button type="button" class="link warn-text" onClick={() => go(`/staff/roster/workers/${o.worker_id}`)}>
            {t('ops.roster.overHours', { name: o.name, hours: o.hours })}
          </button>
        </p>
      ))}
    </section>
  )
}

function WorkerCard({ worker }: { worker: WorkerRead }) {
  return (
    <li class="card" data-testid="worker">
      <div class="member-head">
        <strong>{worker.name}</strong>
        <span class="muted">
          {t(`ops.roster.kind.${worker.kind}`)} · {worker.category_name}
          {worker.age !== null && ` · ${t('ops.roster.age', { n: worker.age })}`}
        </span>
      </div>
      {worker.phone && <p>{worker.phone}</p>}
      {worker.skills.length > 0 && (
        <p class="flags">
          {worker.skills.map((s) => (
            <span key={s} class="flag">{term('skill', s)}</span>
          ))}
        </p>
      )}
      {worker.availability_note && <p class="muted">{worker.availability_note}</p>}
      {worker.has_account && <p class="muted">{t('ops.roster.account')}</p>}
      <button type="button" class="secondary wide" data-testid="edit-worker" onClick={() => go(`/staff/roster/workers/${worker.id}`)}>
        {t('office.worker.edit')}
      </button>
    </li>
  )
}

export default function Roster() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const [kind, setKind] = useState<WorkerKind | ''>('')
  const [q, setQ] = useState('')
  const [asked, setAsked] = useState('')
  const workers = useLoad(() => listWorkers({ kind: kind || undefined, q: asked || undefined }), [kind, asked])
  return (
    <section class="staff office">
      <RosterTabs current="/staff/roster" />
      <button type="button" class="primary wide" data-testid="add-worker" onClick={() => go('/staff/roster/workers/new')}>
        {t('office.worker.newTitle')}
      </button>
      <Gaps community={community} />
      <form class="search-row" onSubmit={(e) => { e.preventDefault(); setAsked(q.trim()) }}>
        <input type="search" name="q" placeholder={t('ops.roster.search')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit" class="primary">{t('staff.search.submit')}</button>
      </form>
      <div class="segmented wrap">
        {KINDS.map((k) => (
          <button key={k || 'all'} type="button" aria-pressed={kind === k} onClick={() => setKind(k)}>
            {k ? t(`ops.roster.kind.${k}`) : t('ops.tasks.all')}
          </button>
        ))}
      </div>
      <Problem error={workers.error} />
      {workers.data && <p class="summary">{t('staff.count', { n: workers.data.total })}</p>}
      <ul class="plain">
        {(workers.data?.items ?? []).map((w) => (
          <WorkerCard key={w.id} worker={w} />
        ))}
      </ul>
    </section>
  )
}
