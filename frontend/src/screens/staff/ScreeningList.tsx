/** 排查: the grid worker's work list for the current round (households in their buildings not yet
 * screened); staff may start a new round. */
import { useState } from 'preact/hooks'
import type { Page } from '../../api/page'
import { screeningRounds, startRound, workList, type WorkListHousehold } from '../../api/screenings'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, useLang } from '../../i18n'
import { communityOf, go, isProblem, Loading, useLoad } from './common'

const PAGE = 50
const MANAGERS = ['staff', 'admin']

export function screeningPath(household: { household_id: string; address: string }): string {
  return `/staff/screening/${household.household_id}?address=${encodeURIComponent(household.address)}`
}

function StartRound({ community, onStarted }: { community: string | undefined; onStarted(): void }) {
  const [asking, setAsking] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const start = async () => {
    setBusy(true)
    try {
      await startRound(community)
      setAsking(false)
      onStarted()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="start-round">
      <Problem error={error} />
      {asking ? (
        <>
          <p class="warn-text">{t('staff.screening.startConfirm')}</p>
          <div class="segmented">
            <button type="button" onClick={() => setAsking(false)}>
              {t('staff.delivery.cancel')}
            </button>
            <button type="button" class="danger" data-testid="start-round-confirm" disabled={busy} onClick={start}>
              {t('staff.screening.startRound')}
            </button>
          </div>
        </>
      ) : (
        <button type="button" class="secondary wide" data-testid="start-round" onClick={() => setAsking(true)}>
          {t('staff.screening.startRound')}
        </button>
      )}
    </div>
  )
}

export default function ScreeningList() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const [extra, setExtra] = useState<WorkListHousehold[]>([])
  const list = useLoad(() => {
    setExtra([])
    return workList(community, 0, PAGE)
  }, [community])
  const round = useLoad(() => screeningRounds(community), [community])
  const [moreError, setMoreError] = useState<unknown>(null)
  const page: Page<WorkListHousehold> | null = list.data
  const items = page ? [...page.items, ...extra] : []
  const manager = account ? MANAGERS.includes(account.role) : false

  const more = async () => {
    try {
      const next = await workList(community, items.length, PAGE)
      setExtra([...extra, ...next.items])
    } catch (err) {
      setMoreError(err)
    }
  }
  const latest = round.data?.items[0]
  const noRound = isProblem(list.error, 'no-screening-round')

  return (
    <section class="staff">
      {latest && (
        <p class="muted" data-testid="round">
          {t('staff.screening.round', { n: latest.number, date: formatDateTime(latest.started_at) })}
        </p>
      )}
      <Problem error={list.error} />
      {list.loading && !page && <Loading />}
      {page && (
        <>
          <p class="summary" data-testid="left">
            {page.total === 0 ? t('staff.screening.done') : t('staff.screening.left', { n: page.total })}
          </p>
          <ul class="rows">
            {items.map((h) => (
              <li key={h.household_id}>
                <button type="button" class="row" data-testid="work-item" onClick={() => go(screeningPath(h))}>
                  <span class="row-main">
                    <strong>{h.address}</strong>
                  </span>
                  {h.last_outcome && <span class="chip warn">{t('staff.screening.retry')}</span>}
                </button>
              </li>
            ))}
          </ul>
          {items.length < page.total && (
            <button type="button" class="secondary wide" onClick={more}>
              {t('staff.more')}
            </button>
          )}
          <Problem error={moreError} />
        </>
      )}
      {manager && (page || noRound) && <StartRound community={community} onStarted={() => { list.reload(); round.reload() }} />}
    </section>
  )
}
