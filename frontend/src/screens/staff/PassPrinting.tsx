/** 打印出入证 (office): a building's valid passes as a PDF to print, 8 cards per A4 sheet or one
 * per A6 page. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { listBuildings } from '../../api/communities'
import { download } from '../../api/files'
import { passCardsPath } from '../../api/passes'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { t, useLang } from '../../i18n'
import { communityOf, useLoad } from './common'

export default function PassPrinting() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const buildings = useLoad(() => (community ? listBuildings(community) : Promise.resolve([])), [community])
  const [buildingId, setBuildingId] = useState('')
  const [layout, setLayout] = useState<'a4' | 'a6'>('a4')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [note, setNote] = useState<string | null>(null)
  const save = async () => {
    setBusy(true)
    setError(null)
    setNote(null)
    try {
      const name = await download(passCardsPath(buildingId, layout), `passes-${layout}.pdf`)
      setNote(t('ops.print.downloaded', { name }))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="staff office">
      <p class="hint">{t('ops.print.hint')}</p>
      <label>
        {t('staff.search.building')}
        <select name="building" value={buildingId} onChange={(e) => setBuildingId(e.currentTarget.value)}>
          <option value="">{t('ops.disinfection.pickBuilding')}</option>
          {(buildings.data ?? []).map((b) => (
            <option key={b.id} value={b.id}>
              {b.compound_name} {b.name}
            </option>
          ))}
        </select>
      </label>
      <div class="segmented">
        {(['a4', 'a6'] as const).map((l) => (
          <button key={l} type="button" aria-pressed={layout === l} onClick={() => setLayout(l)}>
            {t(`ops.print.${l}`)}
          </button>
        ))}
      </div>
      <Problem error={error ?? buildings.error} />
      {note && <p class="outcome-ok" role="status" data-testid="downloaded">{note}</p>}
      <button type="button" class="primary big" data-testid="print-passes" disabled={!buildingId || busy} onClick={save}>
        {t('ops.print.download')}
      </button>
    </section>
  )
}
