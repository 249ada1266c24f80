import { startApacheDav } from './test-support/apache-dav.js';
import { describeFileStorage } from './test-support/file-storage.contract.js';

// Nextcloud itself (PHP + a database) cannot run here; Apache mod_dav at Nextcloud's WebDAV
// path is the real WebDAV server the client is proven against.
describeFileStorage('Nextcloud client against Apache mod_dav', () => startApacheDav());
