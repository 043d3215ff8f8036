// Camunda Cockpit's configuration (see brand/webapps.js for what all four webapps share).
import { vendor, locales } from '../../brand/webapps.js';

export default {
  app: { vendor, name: '监控中心' },
  locales
};
