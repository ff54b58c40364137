import isAdminSession from './is-admin-session';
import isSuperAdmin from './is-super-admin';

export default {
  'is-admin-session': isAdminSession,
  'is-super-admin': isSuperAdmin,
};
