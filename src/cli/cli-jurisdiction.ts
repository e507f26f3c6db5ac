import { Jurisdiction } from '#rules/access/jurisdiction.ts';

/**
 * The command line reads and changes every site: it is run by the operator of the installation, with the
 * database's own credentials, not on behalf of a signed-in user.
 */
export const CLI_JURISDICTION = Jurisdiction.system('command line');
