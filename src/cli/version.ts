import { version } from '../../package.json';

/** The CLI's version: the extension's. */
export const CLI_VERSION: string = version;
