/** 检测结果 (office): the lab's file checked first (a row report, nothing applied) then applied;
 * each positive tube with its people and households, the quarantine decision per household, and
 * the re-test list. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { type Decision, type PositiveHousehold, type ResultsImport, decideHousehold, importResults, listPositives, listRetests } from '../../api/testResults'
import { Problem } from '../../components/Problem'
import { formatDateTime, t, useLang } from '../../i18n'
import { BackButton, Loading, useLoad } from '../staff/common'
import './testing.css'

function Report({ report }: { report: ResultsImport }) {
  const bad = report.problems.length > 0
  const title = bad ? 'notApplied' : report.applied ? 'applied' : 'checked'
  const effects = (['positive_tubes', 'invalid_tubes', 'retests_added', 'households_listed', 'buildings_watched'] as const).filter(
    (k) => report.set_off[k] > 0,
  )
  return (
    <section class={`card ${bad ? 'report-bad' : 'report-ok'}`} data-testid="results-report" data-applied={String(report.applied)}>
      <h2>{t(`testing.results.${title}`)}</h2>
      <p>{bad ? t('testing.results.rows', { rows: report.rows }) : t('testing.results.counts', { rows: report.rows, set: report.results_set, unchanged: report.unchanged })}</p>
      {!bad && effects.length > 0 && (
        <p data-testid="results-set-off">
          {t(report.applied ? 'testing.results.setOffDone' : 'testing.results.setOffWould', {
            what: effects.map((k) => t(`testing.results.setOff.${k}`, { n: report.set_off[k] })).join(t('testing.results.sep')),
          })}
        </p>
      )}
      <ul class="problems">
        {report.problems.map((p, i) => (
          <li key={i}>{t('testing.results.problem', { row: p.row, barcode: p.barcode, message: p.message })}</li>
        ))}
      </ul>
    </section>
  )
}

function Import({ roundId, onApplied }: { roundId: string; onApplied(): void }) {
  const [file, setFile] = useState<File | null>(null)
  const [report, setReport] = useState<ResultsImport | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const run = async (dryRun: boolean) => {
    if (!file) return
    setBusy(true)
    setError(null)
    setReport(null)
    try {
      const answer = await importResults(roundId, file, dryRun)
      setReport(answer)
      if (answer.applied) onApplied()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="card" data-testid="results-import">
      <h2>{t('testing.results.import')}</h2>
      <p class="hint">{t('testing.results.file')}</p>
      <label class="file-pick">
        <input type="file" name="file" accept=".xlsx,.csv" onChange={(e) => { setFile(e.currentTarget.files?.[0] ?? null); setReport(null) }} />
        <span class="secondary file-button">{t('testing.results.pick')}</span>
        <span class="file-name">{file?.name ?? ''}</span>
      </label>
      <div class="segmented">
        <button type="button" data-testid="results-check" disabled={!file || busy} onClick={() => run(true)}>{t('testing.results.check')}</button>
        <button type="button" class="go" data-testid="results-apply" disabled={!file || busy || !report || report.problems.length > 0} onClick={() => run(false)}>{t('testing.results.apply')}</button>
      </div>
      <Problem error={error} />
      {report && <Report report={report} />}
    </section>
  )
}

function DecisionForm({ roundId, household, onDone }: { roundId: string; household: PositiveHousehold; onDone(): void }) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<unknown>(null)
  const decide = async (decision: Decision) => {
    try {
      await decideHousehold(roundId, household.household_id, decision, reason.trim())
      onDone()
    } catch (e) {
      setError(e)
    }
  }
  if (household.decision) {
    return <p class="tag" data-testid="decided">{t(`testing.decided.${household.decision}`)}</p>
  }
  return (
    <div class="decision" data-testid="decision">
      <input name="reason" maxLength={200} placeholder={t('testing.decision.reason')} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      <div class="row-actions">
        <button type="button" class="danger" data-testid="decide-quarantine" onClick={() => decide('quarantine')}>{t('testing.decision.quarantine')}</button>
        <button type="button" class="secondary" data-testid="decide-none" onClick={() => decide('no_quarantine')}>{t('testing.decision.no_quarantine')}</button>
      </div>
      <Problem error={error} />
    </div>
  )
}

export default function Results({ params }: { params: Record<string, string> }) {
  useLang()
  const roundId = params.id
  const positives = useLoad(() => listPositives(roundId), [roundId])
  const retests = useLoad(() => listRetests(roundId), [roundId])
  const reload = () => {
    positives.reload()
    retests.reload()
  }
  return (
    <section class="staff testing" data-testid="results">
      <BackButton to={`/staff/testing/${roundId}`} />
      <Import roundId={roundId} onApplied={reload} />
      <h2>{t('testing.results.positiveTubes')}</h2>
      <Problem error={positives.error} />
      {positives.loading && !positives.data && <Loading />}
      {positives.data && positives.data.length === 0 && <p class="muted">{t('testing.results.noPositives')}</p>}
      {positives.data?.map((tube) => (
        <section key={tube.barcode} class="card positive" data-testid="positive">
          <h3>{tube.barcode} <span class="tag warn">{t(`testing.result.${tube.result}`)}</span> <span class="muted">{tube.result_at ? formatDateTime(tube.result_at) : ''}</span></h3>
          <ul class="plain">
            {tube.people.map((p) => <li key={p.person_id}>{p.building_name} {p.room} · {p.name}</li>)}
          </ul>
          {tube.households.map((h) => (
            <div key={h.household_id} class="positive-household">
              <strong>{h.building_name} {h.room}</strong>
              <DecisionForm roundId={roundId} household={h} onDone={reload} />
            </div>
          ))}
        </section>
      ))}
      <h2>{t('testing.results.retests')}</h2>
      <Problem error={retests.error} />
      {retests.data && retests.data.length === 0 && <p class="muted">{t('testing.results.noRetests')}</p>}
      <ul class="plain" data-testid="retests">
        {retests.data?.map((r) => (
          <li key={r.person_id} class="arr-row">
            <span>{r.building_name} {r.room} · {r.name} <span class="muted">{r.source_barcode}</span></span>
            <span class={`tag ${r.retested ? '' : 'warn'}`}>{r.retested ? t('testing.results.retested') : t('testing.results.toRetest')}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
