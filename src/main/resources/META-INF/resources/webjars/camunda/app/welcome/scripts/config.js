// Camunda Welcome's configuration (see brand/webapps.js for what all four webapps share).
import { vendor, locales } from '../../brand/webapps.js';

export default {
  app: { vendor, name: '首页' },
  locales,
  // shown under 链接 instead of Camunda's documentation link
  links: [
    { label: '公示栏', href: '/notices', description: '各社区公开的议题和办理结果,无需登录' },
    { label: '运行统计', href: '/api/totals/page', description: '各社区、街道的议题和诉求办理数字(管理人员)' }
  ]
};
