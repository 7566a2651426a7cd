/** The household file's way to the quarantine orders (staff and admins only: grid workers read). */
import { useAccount } from '../../auth/session'
import { t } from '../../i18n'
import { go } from '../staff/common'

export function QuarantineLink({ householdId }: { householdId: string }) {
  const account = useAccount()
  if (account?.role !== 'staff' && account?.role !== 'admin') return null
  return (
    <button type="button" class="secondary wide" data-testid="manage-quarantine" onClick={() => go(`/staff/households/${householdId}/quarantine`)}>
      {t('office.quarantine.manage')}
    </button>
  )
}
