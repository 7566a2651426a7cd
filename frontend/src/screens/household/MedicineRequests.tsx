/** 代配药 for a household: its requests with their status first (the list is short, the form
 * long), then the form to ask for a member's regular medicine — a prescription refill goes on the
 * community's run to the hospital, an over-the-counter one is ordered from the pharmacy partner
 * (NewOrder opens with the pharmacy chosen and marks the request ordered). */
import { useEffect, useState } from 'preact/hooks'
import { getHousehold } from '../../api/households'
import { medicineRequests, type MedicineRequest } from '../../api/medicine'
import { navigate } from '../../app/router'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { awaitsOrder, pharmacyOrderUrl } from '../../household/medicine'
import { t, useLang } from '../../i18n'
import './household.css'
import './medicine.css'
import { type Member, MedicineForm } from './MedicineForm'

function RequestRow({ r }: { r: MedicineRequest }) {
  return (
    <li data-testid="my-medicine-request" data-status={r.status}>
      <span>
        <strong>{r.person_name}</strong> {r.medicine_name} {[r.dose, r.quantity].filter(Boolean).join(' · ')}
      </span>
      <span class="medicine-status" data-testid="medicine-status">
        {t(`medicine.kind.${r.kind}`)} · {t(`medicine.status.${r.status}`)}
      </span>
      {awaitsOrder(r) && (
        <button type="button" class="primary" data-testid="order-at-pharmacy" onClick={() => navigate(pharmacyOrderUrl(r.id))}>
          {t('medicine.ask.pharmacy')}
        </button>
      )}
    </li>
  )
}

export default function MedicineRequests() {
  useLang()
  const householdId = useAccount()?.householdId ?? ''
  const [members, setMembers] = useState<Member[] | null>(null)
  const [list, setList] = useState<MedicineRequest[] | null>(null)
  const [sent, setSent] = useState<MedicineRequest | null>(null)
  const [error, setError] = useState<unknown>(null)
  const reload = () => medicineRequests().then((page) => setList(page.items), setError)

  useEffect(() => {
    if (householdId) getHousehold(householdId).then((h) => setMembers(h.members.map((m) => ({ id: m.id, name: m.name }))), setError)
    void reload()
  }, [householdId])

  const asked = (r: MedicineRequest) => {
    setSent(r)
    void reload()
  }

  return (
    <div class="card-screen">
      <Problem error={error} />
      <section>
        <h2>{t('medicine.ask.mine')}</h2>
        {list?.length === 0 && <p class="hint">{t('medicine.ask.none')}</p>}
        <ul class="medicine-list" data-testid="my-medicine-requests">
          {(list ?? []).map((r) => (
            <RequestRow key={r.id} r={r} />
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('medicine.ask.title')}</h2>
        {members === null ? <p class="loading">{t('shell.loading')}</p> : <MedicineForm members={members} onAsked={asked} />}
        {sent && (
          <div class="note-box" data-testid="medicine-sent">
            <p>{t('medicine.ask.sent', { name: sent.medicine_name })}</p>
            {awaitsOrder(sent) && (
              <button type="button" class="primary" data-testid="sent-to-pharmacy" onClick={() => navigate(pharmacyOrderUrl(sent.id))}>
                {t('medicine.ask.pharmacy')}
              </button>
            )}
          </div>
        )}
      </section>
    </div>
  )
}
