import admin from './admin';
import mfa from './mfa';

export default {
  admin,
  mfa,
};
