import bootstrap from './bootstrap';
import config from './config';
import register from './register';

export default {
  register,
  bootstrap,
  config,
  contentTypes: {},
  controllers: {},
  services: {},
  routes: {},
  policies: {},
};
