import type { AreaDict } from './translate'

/** Notices as residents (and staff) read them: the list and one notice, opened from the
 * household card, the group-chat text's link or a poster's QR code. */
const notices: AreaDict = {
  'zh-CN': {
    'notices.title': '社区通知',
    'notices.one.title': '通知',
    'notices.none': '暂无通知',
    'notices.pinned': '置顶',
    'notices.published': '发布于 {when}',
    'notices.until': '有效期至 {when}',
    'notices.all': '全部通知',
    'notices.toCard': '返回住户卡',
    'notices.saved': '无网络：显示本机保存的通知',
    'notices.state.scheduled': '尚未发布：居民还看不到',
    'notices.state.expired': '已过期：居民已看不到',
    'notices.state.withdrawn': '已撤回：居民已看不到',
  },
  en: {
    'notices.title': 'Notices',
    'notices.one.title': 'Notice',
    'notices.none': 'No notices',
    'notices.pinned': 'Pinned',
    'notices.published': 'Published {when}',
    'notices.until': 'Valid until {when}',
    'notices.all': 'All notices',
    'notices.toCard': 'Back to the household card',
    'notices.saved': 'No network: showing the notices saved on this phone',
    'notices.state.scheduled': 'Not published yet: residents cannot see it',
    'notices.state.expired': 'Expired: residents no longer see it',
    'notices.state.withdrawn': 'Withdrawn: residents no longer see it',
  },
}

export default notices
