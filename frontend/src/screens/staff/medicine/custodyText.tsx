/** How a card's holder reads on the medicine screens: "医保卡：在陈军处（待确认）". */
import type { ComponentChildren } from 'preact'
import type { CustodyItem, Handover } from '../../../api/medicine'
import { t } from '../../../i18n'

export function heldText(item: CustodyItem, holding: Handover | undefined): string {
  const name = t(`medicine.item.${item}`)
  if (!holding || holding.to_worker_id === null) return t('medicine.held.owner', { item: name })
  const pending = holding.confirmed_at ? '' : t('medicine.held.pending')
  return t('medicine.held.worker', { item: name, name: holding.to_name }) + pending
}

export function HandoverRow({ h, children }: { h: Handover; children?: ComponentChildren }) {
  return (
    <li data-testid="handover" data-flag={h.flag ?? ''} data-confirmed={h.confirmed_at ? 'true' : 'false'}>
      <div class="row">
        <span class="row-main">
          <strong>{h.person_name}</strong>
          <span class="chip">{t(`medicine.item.${h.item}`)}</span>
          {h.flag && <span class="chip bad">{t(`medicine.flag.${h.flag}`)}</span>}
        </span>
        <span class="row-sub">
          {heldText(h.item, h)} · {t('medicine.from', { name: h.from_name })}
        </span>
      </div>
      {children}
    </li>
  )
}
