import { Jurisdiction } from '#rules/access/jurisdiction.ts';

/** Tests that read what they have just written, whoever could see it: every site. */
export const EVERY_SITE = Jurisdiction.system('test');
