import status from './status';
import submission from './submission';
import widget from './widget';

export default { submission, status, widget };
