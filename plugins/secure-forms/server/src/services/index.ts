import courier from './courier';
import intake from './intake';
import keyset from './keyset';
import outbox from './outbox';
import settings from './settings';
import status from './status';
import sweeper from './sweeper';

const services = { settings, outbox, keyset, courier, intake, sweeper, status };

export type Services = typeof services;
export default services;
