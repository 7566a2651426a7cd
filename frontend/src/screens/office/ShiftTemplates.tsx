/** 班次模板: the shifts of a gate's day (e.g. 08:00–14:00, 14:00–20:00, 20:00–08:00) used to fill a
 * week; add one, switch one off. */
import '../../i18n/online' // first: the words these screens bring
import { useState } from 'preact/hooks'
import { listGates } from '../../api/gate'
import { createTemplate, listTemplates, setTemplateActive, type ShiftTemplate } from '../../api/roster'
import { useAccount } from '../../auth/session'
import { Problem } from '../../components/Problem'
import { formatNumber, t, useLang } from '../../i18n'
import { communityOf, Loading, useLoad } from '../staff/common'
import { Refusal, RosterTabs, useAction, WeekdayToggles, weekdaysText } from './parts'

const hhmm = (time: string) => time.slice(0, 5)

function TemplateRow({ template, onChanged }: { template: ShiftTemplate; onChanged(): void }) {
  const action = useAction()
  const flip = async () => {
    if (await action.run(() => setTemplateActive(template.id, !template.active))) onChanged()
  }
  return (
    <li class="worker-row" data-testid="template" data-name={template.name}>
      <div>
        <strong>{template.name}</strong>{' '}
        <span>
          {hhmm(template.start_time)}–{hhmm(template.end_time)}
          {template.crosses_midnight && ` ${t('office.template.nextDay')}`}
        </span>
        <br />
        <span class="muted">
          {template.gate_name ?? t('office.template.everyGate')} · {weekdaysText(template.weekdays)} ·{' '}
          {t('office.template.people', { n: template.min_workers })} · {t('office.shift.hours', { n: formatNumber(template.hours) })}
        </span>
        {!template.active && <span class="chip bad"> {t('office.template.off')}</span>}
      </div>
      <button type="button" class="secondary" disabled={action.busy} onClick={flip}>
        {template.active ? t('office.template.switchOff') : t('office.template.switchOn')}
      </button>
      <Refusal error={action.error} />
    </li>
  )
}

export default function ShiftTemplates() {
  useLang()
  const account = useAccount()
  const community = communityOf(account)
  const templates = useLoad(() => listTemplates(community), [community])
  const gates = useLoad(() => listGates(), [])
  const [name, setName] = useState('')
  const [start, setStart] = useState('08:00')
  const [end, setEnd] = useState('14:00')
  const [weekdays, setWeekdays] = useState([1, 2, 3, 4, 5, 6, 7])
  const [min, setMin] = useState('2')
  const [gateId, setGateId] = useState('')
  const action = useAction()
  const ready = name.trim() && start && end && start !== end && weekdays.length > 0 && Number(min) >= 1

  const submit = async (e: Event) => {
    e.preventDefault()
    if (!ready) return
    const made = await action.run(() =>
      createTemplate({
        ...(community ? { community_id: community } : {}),
        gate_id: gateId || null,
        name: name.trim(),
        start_time: start,
        end_time: end,
        weekdays,
        min_workers: Number(min),
      }),
    )
    if (made) {
      setName('')
      templates.reload()
    }
  }

  return (
    <section class="staff office">
      <RosterTabs current="/staff/roster/templates" />
      <div class="office-cols">
        <section class="card">
          <h2>{t('office.template.list')}</h2>
          <Problem error={templates.error} />
          {templates.loading && !templates.data && <Loading />}
          {templates.data?.length === 0 && <p>{t('office.template.none')}</p>}
          <ul class="plain single">
            {(templates.data ?? []).map((tpl) => (
              <TemplateRow key={tpl.id} template={tpl} onChanged={templates.reload} />
            ))}
          </ul>
        </section>
        <form class="card office-form" onSubmit={submit}>
          <h2>{t('office.template.add')}</h2>
          <label>
            {t('office.template.name')}
            <input name="template_name" maxLength={20} placeholder={t('office.template.nameExample')} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <div class="pair">
            <label>
              {t('office.worker.from')}
              <input type="time" name="start_time" value={start} onInput={(e) => setStart(e.currentTarget.value)} />
            </label>
            <label>
              {t('office.worker.to')}
              <input type="time" name="end_time" value={end} onInput={(e) => setEnd(e.currentTarget.value)} />
            </label>
          </div>
          {start && end && end <= start && <p class="hint">{t('office.template.crossesHint')}</p>}
          <fieldset>
            <legend>{t('office.template.weekdays')}</legend>
            <WeekdayToggles name="template-days" value={weekdays} onChange={setWeekdays} />
          </fieldset>
          <div class="pair">
            <label>
              {t('office.template.min')}
              <input name="min_workers" inputMode="numeric" maxLength={2} value={min} onInput={(e) => setMin(e.currentTarget.value)} />
            </label>
            <label>
              {t('office.week.gate')}
              <select name="template_gate" value={gateId} onChange={(e) => setGateId(e.currentTarget.value)}>
                <option value="">{t('office.template.everyGate')}</option>
                {(gates.data ?? []).map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <Refusal error={action.error} />
          <button type="submit" class="primary big" data-testid="add-template" disabled={!ready || action.busy}>
            {t('office.template.submit')}
          </button>
        </form>
      </div>
    </section>
  )
}
