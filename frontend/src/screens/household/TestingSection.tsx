/** 核酸检测 on the household card: the round's slot for the household (time, point), how busy
 * each point is now (空闲 / 较忙 / 繁忙), and each member's sampled status and latest result.
 * From the gateway's card when it carries `testing`, else `GET /testing-rounds/households/{id}/current`,
 * refreshed every minute while the card is open. */
import { useEffect, useState } from 'preact/hooks'
import { type HouseholdRound, householdRound } from '../../api/testingRounds'
import { formatDate, formatDateTime, t } from '../../i18n'
import { clock } from '../../testing/plan'

export const TESTING_REFRESH_MS = 60_000

export function TestingSection({ householdId, online, fromCard }: { householdId: string; online: boolean; fromCard?: HouseholdRound | null }) {
  const [data, setData] = useState<HouseholdRound | null>(fromCard?.available === false ? null : fromCard ?? null)
  useEffect(() => {
    if (fromCard?.available !== false && fromCard) setData(fromCard)
  }, [fromCard])
  useEffect(() => {
    if (!online || !householdId) return
    let stopped = false
    const load = () =>
      householdRound(householdId).then(
        (answer) => void (!stopped && setData(answer)),
        () => undefined, // the card's other sections say what is wrong; this one stays as it was
      )
    if (!fromCard || fromCard.available === false) void load() // else the card's is fresh
    const timer = setInterval(load, TESTING_REFRESH_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [householdId, online])
  if (!data) return null
  const { round, slot } = data
  // no round now: the members' latest results still show, when there are any
  if (!round && !data.members.some((m) => m.latest_result)) return null
  return (
    <section class="fact testing-card" data-testid="testing">
      <h2>{round ? t('household.testing.title', { name: round.name }) : t('household.testing.results')}</h2>
      {!round ? null : slot ? (
        <p class="fact-main" data-testid="testing-slot">
          {t('household.testing.slot', { date: formatDate(round.round_date), from: clock(slot.starts_at), to: clock(slot.ends_at), point: slot.point_name })}
        </p>
      ) : (
        <p class="fact-main">{t('household.testing.noSlot')}</p>
      )}
      {slot?.place && <p class="fact-sub">{slot.place}</p>}
      {data.points.length > 0 && (
        <ul class="busy-list" data-testid="busyness">
          {data.points.map((b) => (
            <li key={b.name} class={`busy busy-${b.level}`} data-level={b.level}>
              {b.name} <strong>{t(`household.testing.level.${b.level}`)}</strong>
            </li>
          ))}
        </ul>
      )}
      <ul class="members testing-members" data-testid="testing-members">
        {data.members.map((m, i) => (
          <li key={i} data-sampled={m.sampled ? 'yes' : 'no'}>
            <span class="member-name">{m.name}</span>
            {round && (
              <span class={`tag ${m.sampled ? 'ok' : ''}`}>
                {m.arrangement ? t(`testing.arrangement.${m.arrangement}`) : m.sampled ? t('household.testing.sampled') : t('household.testing.notSampled')}
              </span>
            )}
            {m.latest_result && (
              <span class={`result result-${m.latest_result.result}`}>
                {m.latest_result.pooled && m.latest_result.result === 'positive'
                  ? t('household.testing.pooledPositive')
                  : t(`testing.result.${m.latest_result.result}`)}{' '}
                · {formatDateTime(m.latest_result.sampled_at)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
