/** Where the SPA sends a user: apart from the router, so the pages it loads can use it too. */

/** "Today": what the signed-in user opens on (issue 22). */
export const homePath = '/today';

/** Where to go after signing in: an in-app path only (never another origin), else the home page. */
export function safeRedirect(value: unknown): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return homePath;
  if (path === '/sign-in' || path.startsWith('/sign-in?')) return homePath;
  return path;
}
