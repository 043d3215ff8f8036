// Camunda Tasklist's configuration (see brand/webapps.js for what all four webapps share).
import { vendor, locales } from '../../brand/webapps.js';

export default {
  app: { vendor, name: '任务列表' },
  locales,
  // moment formats; the locale file's dateLocales spell them out (zh: 2026年3月5日 14:30, en: 5 March 2026 14:30)
  dateFormat: {
    monthName: 'MMM',
    day: 'D',
    abbr: 'lll',
    normal: 'LLL',
    long: 'LLLL',
    short: 'LL'
  },
  customScripts: [
    // form-js messages and date pickers in Chinese
    'scripts/chinese',
    // Complete is disabled only by errors a person can see (Camunda Forms with conditions)
    'scripts/complete-button'
  ],
  // Camunda's own shortcuts; Tasklist shows the descriptions as they are (untranslated)
  shortcuts: {
    claimTask: { key: 'ctrl+alt+c', description: '认领当前选中的任务' },
    focusFilter: { key: 'ctrl+shift+f', description: '转到第一个筛选器' },
    focusList: { key: 'ctrl+alt+l', description: '转到任务列表中的第一个任务' },
    focusForm: { key: 'ctrl+alt+f', description: '转到任务表单的第一个输入框' },
    startProcess: { key: 'ctrl+alt+p', description: '打开“发起流程”对话框' }
  }
};
