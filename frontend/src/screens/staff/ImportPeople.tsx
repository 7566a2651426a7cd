/** 导入居民表 (office): the community's spreadsheet, checked first (nothing written) then
 * imported; every bad row listed with its column and what is wrong. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { importPeople, type ImportReport } from '../../api/imports'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { t, useLang } from '../../i18n'
import { communityOf } from './common'

const rowList = (rows: number[], count: number) =>
  rows.join('、') + (count > rows.length ? t('ops.import.moreRows', { n: count - rows.length }) : '')

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
      {report.new_buildings.length > 0 && (
        <div data-testid="import-new-buildings">
          <h3>{t('ops.import.newBuildings', { n: report.new_buildings.length })}</h3>
          <ul>
            {report.new_buildings.map((b) => (
              <li key={`${b.compound}/${b.building}`}>
                {t('ops.import.newBuilding', {
                  place: [b.compound, b.building].filter(Boolean).join(' '),
                  units: b.units.join('、'),
                  rows: rowList(b.rows, b.row_count),
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report.new_units.length > 0 && (
        <ul data-testid="import-new-units">
          {report.new_units.map((u) => (
            <li key={`${u.compound}/${u.building}/${u.unit}`}>
              {t('ops.import.newUnit', {
                place: [u.compound, u.building].filter(Boolean).join(' '),
                unit: u.unit,
                rows: rowList(u.rows, u.row_count),
              })}
            </li>
          ))}
        </ul>
      )}
      {report.ignored_columns.length > 0 && (
        <ul class="problems" data-testid="import-ignored-columns">
          {report.ignored_columns.map((c) => (
            <li key={c.column}>
              {t(c.header ? 'ops.import.ignoredNamed' : 'ops.import.ignored', {
                column: c.column,
                header: c.header,
                rows: rowList(c.rows, c.row_count),
              })}
            </li>
          ))}
        </ul>
      )}
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
  const [createBuildings, setCreateBuildings] = useState(true)
  const run = async (dryRun: boolean) => {
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      setReport(await importPeople(file, dryRun, communityOf(account), createBuildings))
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
      <label class="check">
        <input
          type="checkbox"
          data-testid="import-create-buildings"
          checked={createBuildings}
          onChange={(e) => {
            setCreateBuildings(e.currentTarget.checked)
            setReport(null)
          }}
        />
        {t('ops.import.createBuildings')}
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
