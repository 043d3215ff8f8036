// Tasklist configuration of Xieshang (served in place of the webapp's own scripts/config.js).
export default {
  // loaded (as ES modules, relative to app/tasklist/) before Tasklist starts
  customScripts: [
    // Complete is disabled only by errors a person can see (Camunda Forms with conditions)
    'scripts/complete-button'
  ],

  shortcuts: {
    claimTask: {key: 'ctrl+alt+c', description: '认领当前选中的任务'},
    focusFilter: {key: 'ctrl+shift+f', description: '转到第一个任务过滤器'},
    focusList: {key: 'ctrl+alt+l', description: '转到任务列表的第一项'},
    focusForm: {key: 'ctrl+alt+f', description: '转到任务表单的第一个输入框'},
    startProcess: {key: 'ctrl+alt+p', description: '打开"发起流程"对话框'}
  }
};
