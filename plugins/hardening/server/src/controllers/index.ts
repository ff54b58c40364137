import admins from './admins';
import audit from './audit';
import mfa from './mfa';

export default {
  admins,
  audit,
  mfa,
};
