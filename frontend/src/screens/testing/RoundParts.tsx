/** The round's home-sampling and excluded list (add from the round's households, remove), and its
 * figures table with the sub-district's XLSX. */
import { useState } from 'preact/hooks'
import { download } from '../../api/files'
import { type FigureCounts, type Figures, figuresXlsxPath, roundFigures, samplingBundle } from '../../api/sampling'
import { type Arrangement, arrange, listArrangements, unarrange } from '../../api/testingRounds'
import { Problem } from '../../components/Problem'
import { t } from '../../i18n'
import { householdLabel } from '../../testing/scan'
import { Loading, useLoad } from '../staff/common'

/** The reasons the API takes with each arrangement. */
const REASONS: Record<Arrangement, string[]> = {
  home_sampling: ['bedridden', 'quarantined', 'other'],
  excluded: ['in_hospital', 'away', 'under_3', 'other'],
}

function AddArrangement({ roundId, onAdded }: { roundId: string; onAdded(): void }) {
  const bundle = useLoad(async () => {
    const answer = await samplingBundle(roundId)
    return answer.notModified ? null : answer.body
  }, [roundId])
  const [query, setQuery] = useState('')
  const [person, setPerson] = useState<{ id: string; name: string } | null>(null)
  const [arrangement, setArrangement] = useState<Arrangement>('home_sampling')
  const [reason, setReason] = useState('bedridden')
  const [note, setNote] = useState('')
  const [error, setError] = useState<unknown>(null)
  const words = query.trim().toLowerCase()
  const matches = words
    ? (bundle.data?.households ?? []).filter((h) => householdLabel(h).toLowerCase().includes(words) || h.members.some((m) => m.name.includes(query.trim()))).slice(0, 8)
    : []
  const save = async () => {
    if (!person) return
    try {
      await arrange(roundId, person.id, { arrangement, reason, note: note.trim() })
      setPerson(null)
      setQuery('')
      setNote('')
      onAdded()
    } catch (e) {
      setError(e)
    }
  }
  return (
    <div class="card" data-testid="add-arrangement">
      <label>{t('testing.arr.find')}<input name="find" value={query} placeholder={t('testing.arr.findHint')} onInput={(e) => { setQuery(e.currentTarget.value); setPerson(null) }} /></label>
      {bundle.loading && words && <Loading />}
      {!person && matches.map((h) => (
        <div key={h.household_id} class="arr-match">
          <span class="muted">{householdLabel(h)}</span>
          {h.members.map((m) => (
            <button key={m.person_id} type="button" class="secondary small" data-testid="arr-person" onClick={() => setPerson({ id: m.person_id, name: `${householdLabel(h)} ${m.name}` })}>{m.name}</button>
          ))}
        </div>
      ))}
      {person && (
        <>
          <p><strong>{person.name}</strong></p>
          <div class="segmented">
            {(['home_sampling', 'excluded'] as const).map((a) => (
              <button key={a} type="button" aria-pressed={arrangement === a} onClick={() => { setArrangement(a); setReason(REASONS[a][0]) }}>{t(`testing.arrangement.${a}`)}</button>
            ))}
          </div>
          <select name="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
            {REASONS[arrangement].map((r) => <option key={r} value={r}>{t(`testing.reason.${r}`)}</option>)}
          </select>
          <input name="note" maxLength={200} placeholder={t('testing.arr.note')} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          <button type="button" class="primary" data-testid="arr-save" onClick={save}>{t('testing.arr.add')}</button>
        </>
      )}
      <Problem error={error ?? bundle.error} />
    </div>
  )
}

export function Arrangements({ roundId }: { roundId: string }) {
  const list = useLoad(() => listArrangements(roundId), [roundId])
  const [error, setError] = useState<unknown>(null)
  const remove = async (personId: string) => {
    try {
      await unarrange(roundId, personId)
      list.reload()
    } catch (e) {
      setError(e)
    }
  }
  return (
    <div data-testid="arrangements">
      <AddArrangement roundId={roundId} onAdded={list.reload} />
      <Problem error={list.error ?? error} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.length === 0 && <p class="muted">{t('testing.arr.none')}</p>}
      <ul class="plain">
        {list.data?.map((p) => (
          <li key={p.person_id} class="arr-row" data-testid="arrangement">
            <span>
              <strong>{p.building_name} {p.room}</strong> {p.name} · <span class="tag">{t(`testing.arrangement.${p.arrangement}`)}</span>{' '}
              {t(`testing.reason.${p.reason}`)}{p.note ? ` · ${p.note}` : ''}
            </span>
            <button type="button" class="secondary small" data-testid="arr-remove" onClick={() => remove(p.person_id)}>{t('testing.arr.remove')}</button>
          </li>
        ))}
      </ul>
    </div>
  )
}

const COLUMNS = ['expected', 'sampled', 'excluded', 'home_sampled', 'missing', 'knocked', 'tubes', 'positives'] as const

interface Row extends FigureCounts {
  name: string
}

function rowsOf(figures: Figures): { group: string; rows: Row[] }[] {
  return [
    { group: 'round', rows: [{ ...figures.total, name: t('testing.fig.total') }] },
    { group: 'buildings', rows: figures.buildings },
    { group: 'points', rows: figures.points.map((p) => ({ ...p, name: p.point_id ? p.name : t('testing.arrangement.home_sampling') })) },
  ]
}

export function FiguresTable({ roundId }: { roundId: string }) {
  const figures = useLoad(() => roundFigures(roundId), [roundId])
  const [error, setError] = useState<unknown>(null)
  const save = async () => {
    setError(null)
    try {
      await download(figuresXlsxPath(roundId), `核酸-${roundId.slice(0, 8)}.xlsx`)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <div data-testid="figures">
      <button type="button" class="primary" data-testid="figures-xlsx" onClick={save}>{t('testing.fig.xlsx')}</button>
      <Problem error={figures.error ?? error} />
      {figures.loading && !figures.data && <Loading />}
      {figures.data && (
        <div class="table-wrap">
          <table class="round-figures">
            <thead>
              <tr><th />{COLUMNS.map((c) => <th key={c}>{t(`testing.fig.${c}`)}</th>)}</tr>
            </thead>
            {rowsOf(figures.data).map((g) => (
              <tbody key={g.group} data-group={g.group}>
                {g.rows.map((row, i) => (
                  <tr key={i}>
                    <th>{row.name}</th>
                    {COLUMNS.map((c) => <td key={c}>{row[c] ?? 0}</td>)}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </div>
  )
}
