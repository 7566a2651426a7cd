/** 代登记: the office (or a grid worker) asks for medicine on a resident's behalf — find the
 * household by a member's name, room or phone (the people search of 查找住户), pick the member,
 * and the same form the resident fills in. */
import { useState } from 'preact/hooks'
import { getHousehold, type HouseholdDetail } from '../../../api/households'
import type { MedicineRequest } from '../../../api/medicine'
import { searchPeople, type PersonRead } from '../../../api/people'
import { Problem } from '../../../components/Problem'
import { t } from '../../../i18n'
import { MedicineForm } from '../../household/MedicineForm'

export function Register() {
  const [q, setQ] = useState('')
  const [found, setFound] = useState<PersonRead[] | null>(null)
  const [household, setHousehold] = useState<HouseholdDetail | null>(null)
  const [done, setDone] = useState<MedicineRequest | null>(null)
  const [error, setError] = useState<unknown>(null)
  const search = async (e: Event) => {
    e.preventDefault()
    if (!q.trim()) return
    setError(null)
    setHousehold(null)
    try {
      setFound((await searchPeople({ q: q.trim(), limit: 20 })).items)
    } catch (err) {
      setError(err)
    }
  }
  const open = async (p: PersonRead) => {
    setError(null)
    setDone(null)
    try {
      setHousehold(await getHousehold(p.household_id))
    } catch (err) {
      setError(err)
    }
  }
  const households = [...new Map((found ?? []).map((p) => [p.household_id, p])).values()]
  return (
    <div data-testid="medicine-register">
      <form class="care-form" onSubmit={search}>
        <label>
          {t('medicine.register.find')}
          <input name="q" value={q} placeholder={t('medicine.register.hint')} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <button type="submit" class="secondary" data-testid="register-search">{t('medicine.register.search')}</button>
      </form>
      <Problem error={error} />
      {found?.length === 0 && <p class="summary">{t('medicine.register.none')}</p>}
      {!household && (
        <ul class="rows">
          {households.map((p) => (
            <li key={p.household_id}>
              <button type="button" class="row" data-testid="register-household" onClick={() => open(p)}>
                <span class="row-main">{p.address}</span>
                <span class="row-sub">{(found ?? []).filter((x) => x.household_id === p.household_id).map((x) => x.name).join('、')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {household && (
        <>
          <p class="summary" data-testid="register-address">{household.address}</p>
          <MedicineForm
            key={household.id}
            members={household.members.map((m) => ({ id: m.id, name: m.name }))}
            onAsked={setDone}
          />
        </>
      )}
      {done && <p class="summary" data-testid="register-done">{t('medicine.ask.sent', { name: `${done.person_name} ${done.medicine_name}` })}</p>}
    </div>
  )
}
