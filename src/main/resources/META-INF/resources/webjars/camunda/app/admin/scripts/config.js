// Camunda Admin's configuration (see brand/webapps.js for what all four webapps share).
import { vendor, locales } from '../../brand/webapps.js';

export default {
  app: { vendor, name: '系统管理' },
  locales
};
