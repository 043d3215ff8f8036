// Camunda Cockpit's configuration (see brand/webapps.js for what all four webapps share).
import { vendor, locales } from '../../brand/webapps.js';

export default {
  app: { vendor, name: '监控中心' },
  locales,
  customScripts: [
    // managers, who may read but not repair, are offered no write actions (styles/user-styles.css)
    'scripts/read-only',
    // the 案件 tab on a case: the case as a person reads it (the application's /api/cases/{id})
    'scripts/case-tab',
    // 协商工作看板 (1+7+X) on the dashboard: open cases per step, overdue tasks per level and community, the running
    // totals per period, each number listing its cases (the application's /api/dashboard)
    'scripts/dashboard',
    // 案件查找 on the dashboard: running and finished cases of the manager's communities
    'scripts/case-search',
    // the steps' names on the diagrams, readable at the zoom Cockpit opens them with
    'scripts/step-names'
  ]
};
