// 案件: a tab on Cockpit's process instance page with the case as a person reads it (case-view.js).
import { showCase } from './case-view.js';

export default {
  id: 'xieshang.case',
  pluginPoint: 'cockpit.processInstance.runtime.tab',
  priority: 100,
  properties: { label: '案件' },
  render: function(node, context) {
    showCase(node, context.processInstanceId);
  }
};
