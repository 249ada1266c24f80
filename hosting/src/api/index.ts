import { useAuthStore } from '../stores/auth';
import { createApiClient } from './client';

export { ApiError, type ApiClient } from './client';

/** The API client signed in as the current user; pages and stores call the API through it. */
export const api = createApiClient({ getToken: () => useAuthStore().idToken(), onUnauthenticated: () => useAuthStore().sessionRefused() });
