/**
 * The security headers of the SPA (index.html and its assets), the same in both places it is
 * served: Firebase Hosting (`firebase.json`, kept equal to `spaSecurityHeaders()` by a test)
 * and the embedded server (which signs in on its own origin). `extraConnectOrigins`: another
 * origin the SPA must call, e.g. an Auth emulator's.
 *
 * Vite emits module scripts only, so scripts come from our origin alone; Vue binds inline
 * style attributes, hence 'unsafe-inline' for styles. Media previews are blob: URLs (images,
 * a PDF in an iframe). Firebase Auth's REST endpoints sign in and refresh tokens. No page may
 * frame the CRM (clickjacking).
 */
export function spaContentSecurityPolicy(extraConnectOrigins: readonly string[] = []): string {
  const connect = ["'self'", 'https://identitytoolkit.googleapis.com', 'https://securetoken.googleapis.com', ...extraConnectOrigins];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function spaSecurityHeaders(extraConnectOrigins: readonly string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': spaContentSecurityPolicy(extraConnectOrigins),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}
