/** 发热转诊: the open fever-clinic referrals, oldest first as the API lists them; each closed with
 * its outcome (ruled out, admitted, to centralized quarantine, other), naming the person when the
 * gate could not. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { getHousehold } from '../../api/households'
import { closeReferral, openReferrals, REFERRAL_OUTCOMES, type ReferralOutcome, type ReferralRead } from '../../api/referrals'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatDateTime, formatNumber, t, term, useLang } from '../../i18n'
import { communityOf, go, Loading, useLoad } from '../staff/common'
import { Refusal, useAction } from './parts'

function CloseForm({ referral, onClosed }: { referral: ReferralRead; onClosed(r: ReferralRead): void }) {
  const needPerson = referral.person_id === null
  const household = useLoad(() => (needPerson ? getHousehold(referral.household_id) : Promise.resolve(null)), [referral.id])
  const [outcome, setOutcome] = useState<ReferralOutcome | null>(null)
  const [person, setPerson] = useState('')
  const [note, setNote] = useState('')
  const action = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    if (!outcome) return
    const closed = await action.run(() =>
      closeReferral(referral.id, { outcome, note: note.trim(), ...(person ? { person_id: person } : {}) }),
    )
    if (closed) onClosed(closed)
  }
  return (
    <form class="move office-form" onSubmit={submit} data-testid="close-form">
      <fieldset>
        <legend>{t('office.referral.outcome')}</legend>
        <div class="segmented two">
          {REFERRAL_OUTCOMES.map((o) => (
            <button key={o} type="button" aria-pressed={outcome === o} data-outcome={o} onClick={() => setOutcome(o)}>
              {t(`office.referral.outcome.${o}`)}
            </button>
          ))}
        </div>
      </fieldset>
      {needPerson && (
        <label>
          {t('office.referral.who')}
          <select name="referral_person" value={person} onChange={(e) => setPerson(e.currentTarget.value)}>
            <option value="">{t('office.referral.unknown')}</option>
            {(household.data?.members ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} · {term('relation', m.relation)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('office.referral.note')}
        <input name="referral_note" maxLength={200} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <Refusal error={action.error ?? household.error} />
      <button type="submit" class="primary wide" data-testid="close-referral" disabled={!outcome || action.busy}>
        {t('office.referral.close')}
      </button>
    </form>
  )
}

function ReferralCard({ referral, onClosed }: { referral: ReferralRead; onClosed(r: ReferralRead): void }) {
  const [open, setOpen] = useState(false)
  return (
    <li class="card" data-testid="referral-item" data-address={referral.address}>
      <div class="member-head">
        <span class="temperature">
          {referral.temperature === null ? t('office.referral.antigenPositive') : `${formatNumber(referral.temperature)} ℃`}
        </span>
        <strong>{referral.person_name ?? t('office.referral.unnamed')}</strong>
        <span class="chip warn">{t(`office.referral.source.${referral.source}`)}</span>
      </div>
      <p>
        <button type="button" class="link" onClick={() => go(`/staff/households/${referral.household_id}`)}>
          {referral.address}
        </button>
      </p>
      <p class="muted">
        {t('office.referral.opened', { time: formatDateTime(referral.opened_at) })}
        {referral.note && ` · ${referral.note}`}
      </p>
      {open ? (
        <CloseForm referral={referral} onClosed={onClosed} />
      ) : (
        <button type="button" class="secondary wide" data-testid="handle-referral" onClick={() => setOpen(true)}>
          {t('office.referral.handle')}
        </button>
      )}
    </li>
  )
}

export default function Referrals() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const referrals = useLoad(() => openReferrals(community), [community])
  const [closed, setClosed] = useState<ReferralRead | null>(null)
  const items = referrals.data?.items ?? []
  return (
    <section class="staff office">
      {closed && (
        <p class="outcome-ok" role="status" data-testid="referral-closed">
          {t('office.referral.closed', {
            who: closed.person_name ?? closed.address,
            outcome: t(`office.referral.outcome.${closed.outcome}`),
          })}
        </p>
      )}
      <Problem error={referrals.error} />
      {referrals.loading && !referrals.data && <Loading />}
      {referrals.data && (
        <p class="summary" data-testid="referral-count">
          {t('office.referral.count', { n: referrals.data.total })}
        </p>
      )}
      {referrals.data && items.length === 0 && <p>{t('office.referral.none')}</p>}
      <ul class="plain">
        {items.map((r) => (
          <ReferralCard
            key={r.id}
            referral={r}
            onClosed={(done) => {
              setClosed(done)
              referrals.reload()
            }}
          />
        ))}
      </ul>
    </section>
  )
}
