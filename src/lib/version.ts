import pkg from '../../package.json';

/** The release (package.json "version"; docs/CHANGELOG.md says what each one brought). */
export const APP_VERSION: string = pkg.version;
