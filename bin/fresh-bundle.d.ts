/** See fresh-bundle.js. */
export function bundleIsFresh(root: URL): boolean;
