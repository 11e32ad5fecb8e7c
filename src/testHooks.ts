/**
 * Handles the browser tests and the app benchmark read (`window.__shequ`, `window.__map`, `?fresh`):
 * only in a build made for them (`vite build --mode e2e`). In any other build this is false at
 * build time, so the code behind it is left out of what users load (a test greps the bundle).
 */
export const TEST_HOOKS: boolean = import.meta.env.MODE === 'e2e';
