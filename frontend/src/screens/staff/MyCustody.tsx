/** 我保管的证件: the residents' insurance cards and record books handed to me. I confirm on my own
 * phone that I have one (the hand-over waits for that), and record it when it is back with its
 * owner. */
import { useState } from 'preact/hooks'
import { confirmHandover, handOver, heldByMe, type Handover } from '../../api/medicine'
import { Problem } from '../../components/Problem'
import { t, useLang } from '../../i18n'
import { pendingClientId, settleClientId } from '../../staff/clientIds'
import { Loading, useLoad } from './common'
import { HandoverRow } from './medicine/custodyText'

export default function MyCustody() {
  useLang()
  const mine = useLoad(() => heldByMe(), [])
  const [error, setError] = useState<unknown>(null)
  const [flash, setFlash] = useState<string | null>(null)
  const act = async (work: () => Promise<unknown>) => {
    setError(null)
    try {
      await work()
      setFlash(t('medicine.done'))
      mine.reload()
    } catch (err) {
      setError(err)
    }
  }
  const giveBack = (h: Handover) => {
    const key = `custody-return:${h.id}`
    return act(async () => {
      await handOver({ client_id: pendingClientId(key), person_id: h.person_id, item: h.item, to_worker_id: null })
      settleClientId(key)
    })
  }
  return (
    <section class="staff">
      {flash && <p class="summary" role="status" data-testid="custody-flash">{flash}</p>}
      <Problem error={mine.error ?? error} />
      {mine.loading && !mine.data && <Loading />}
      {mine.data?.length === 0 && <p class="summary" data-testid="mine-none">{t('medicine.mine.none')}</p>}
      <ul class="rows">
        {(mine.data ?? []).map((h) => (
          <HandoverRow key={h.id} h={h}>
            <div class="segmented">
              {h.confirmed_at ? (
                <button type="button" data-testid="return-to-owner" onClick={() => giveBack(h)}>
                  {t('medicine.return')}
                </button>
              ) : (
                <button type="button" class="go" data-testid="confirm-handover" onClick={() => act(() => confirmHandover(h.id))}>
                  {t('medicine.confirm')}
                </button>
              )}
            </div>
          </HandoverRow>
        ))}
      </ul>
    </section>
  )
}
