/** 导入居民表 (office): the community's spreadsheet, checked first (nothing written) then
 * imported; every bad row listed with its column and what is wrong. */
import { useState } from 'preact/hooks'
import { importPeople, type ImportReport } from '../../api/imports'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { t, useLang } from '../../i18n'
import { communityOf } from './common'

function Report({ report }: { report: ImportReport }) {
  return (
    <section class={`card ${report.invalid_rows ? 'report-bad' : 'report-ok'}`} data-testid="import-report">
      <h2>{report.dry_run ? t('ops.import.checked') : t('ops.import.done')}</h2>
      <p class="summary">
        {t('ops.import.summary', { rows: report.rows, valid: report.valid_rows, invalid: report.invalid_rows })}
      </p>
      <p>
        {t('ops.import.changes', {
          created: report.people_created,
          updated: report.people_updated,
          unchanged: report.people_unchanged,
          households: report.households_created,
        })}
      </p>
      <ul class="problems">
        {report.problems.map((p, i) => (
          <li key={i}>{t('ops.import.problem', { row: p.row, column: p.column, message: p.message })}</li>
        ))}
      </ul>
      {report.problems_truncated && <p class="hint">{t('ops.import.truncated')}</p>}
    </section>
  )
}

export default function ImportPeople() {
  useLang()
  const account = useAccount()
  const [file, setFile] = useState<File | null>(null)
  const [report, setReport] = useState<ImportReport | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const run = async (dryRun: boolean) => {
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      setReport(await importPeople(file, dryRun, communityOf(account)))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="staff office">
      <p class="hint">{t('ops.import.file')}</p>
      <label class="file-pick">
        <input
          type="file"
          name="file"
          accept=".xlsx,.xls,.ods,.csv"
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0] ?? null)
            setReport(null)
          }}
        />
        <span class="secondary file-button">{t('ops.import.pick')}</span>
        <span class="file-name" data-testid="file-name">{file?.name ?? t('ops.import.noFile')}</span>
      </label>
      <div class="segmented">
        <button type="button" data-testid="import-check" disabled={!file || busy} onClick={() => run(true)}>
          {t('ops.import.check')}
        </button>
        <button type="button" class="go" data-testid="import-run" disabled={!file || busy} onClick={() => run(false)}>
          {t('ops.import.run')}
        </button>
      </div>
      <Problem error={error} />
      {report && <Report report={report} />}
    </section>
  )
}
