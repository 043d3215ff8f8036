/*
 * What Tasklist, Cockpit, Admin and Welcome share; each app's scripts/config.js imports it.
 * Camunda shows "<vendor> <app name>" in the header and the page title, and the app name alone under the logo
 * on the login page (whose logo, brand/logo.svg, carries our name): "协商议事 · 任务列表".
 */
export const vendor = '协商议事 ·';

/*
 * Camunda takes the browser's first language (navigator.languages[0]), drops the region ('zh-CN' -> 'zh') and
 * uses it when it is available, else the fallback: a Chinese browser gets locales/zh.json, an English one en.json,
 * any other language Chinese.
 */
export const locales = {
  availableLocales: ['zh', 'en'],
  fallbackLocale: 'zh'
};
