import type { AreaDict } from './translate'

/** Medicine on behalf 代配药: requests, runs to the hospital, and who holds each insurance card. */
const medicine: AreaDict = {
  'zh-CN': {
    'medicine.title': '代配药',
    'medicine.mine.title': '我保管的证件',
    'medicine.item.insurance_card': '医保卡',
    'medicine.item.record_book': '病历本',
    'medicine.held.owner': '{item}：在本人处',
    'medicine.held.worker': '{item}：在{name}处',
    'medicine.held.pending': '（待确认）',
    'medicine.flag.quarantined': '保管人隔离中',
    'medicine.flag.off_duty': '保管人已离岗',
    'medicine.from': '来自 {name}',
    'medicine.confirm': '确认已收到',
    'medicine.return': '已交还本人',
    'medicine.mine.none': '您目前没有保管任何证件',
    'medicine.done': '已记录',
  },
  en: {
    'medicine.title': 'Medicine on behalf',
    'medicine.mine.title': 'Cards I hold',
    'medicine.item.insurance_card': 'Insurance card',
    'medicine.item.record_book': 'Record book',
    'medicine.held.owner': '{item}: with its owner',
    'medicine.held.worker': '{item}: with {name}',
    'medicine.held.pending': ' (not confirmed)',
    'medicine.flag.quarantined': 'Holder in quarantine',
    'medicine.flag.off_duty': 'Holder off duty',
    'medicine.from': 'from {name}',
    'medicine.confirm': 'I have it',
    'medicine.return': 'Returned to owner',
    'medicine.mine.none': 'You hold no cards',
    'medicine.done': 'Recorded',
  },
}

export default medicine
