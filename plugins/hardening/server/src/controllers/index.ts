import admins from './admins';
import audit from './audit';
import mfa from './mfa';
import reports from './reports';

export default {
  admins,
  audit,
  mfa,
  reports,
};
