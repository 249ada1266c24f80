/**
 * The import graph's rules, checked by `npm run lint:deps` (part of `npm test`). Paths are
 * regular expressions over repository paths.
 */

/** Folders every domain builds on; they depend on no domain. */
const infrastructure = '^functions/src/(shared|http|store|sql|config|auth|search|nextcloud|journal)/';
/** One folder per domain. */
const domains = '^functions/src/(customers|orders|ledger|products|comms|media|mail|whatsapp|calls|timeline|users|health|seed|quotes|installations|tasks|reports|history|export|imports)/';
/** What puts the domains together: the app with every route and journal processor, and the other functions' entry points. */
const wiring = '^functions/src/(app/|triggers/|schedules/|index\\.ts$)';
const tests = '(\\.test\\.ts|\\.contract\\.ts|\\.fixture\\.ts)$|(^|/)test-support/|^hosting/e2e/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules importing each other, directly or round a longer loop (type-only imports count too).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'infrastructure-not-on-domains',
      severity: 'error',
      comment:
        'Shared pieces (shared/, http/, store/, sql/, config/, auth/, search/, nextcloud/, journal/) depend on no domain: ' +
        'a helper two domains need lives in shared/, not inside one of them.',
      from: { path: infrastructure, pathNot: tests },
      to: { path: [domains, wiring], pathNot: '^functions/src/app/deps\\.ts$' },
    },
    {
      name: 'app-deps-as-a-type',
      severity: 'error',
      comment: 'Outside the wiring, AppDeps (app/deps.ts) is named as a type only: the wiring builds it and hands it in.',
      from: { pathNot: [wiring, tests] },
      to: { path: '^functions/src/app/deps\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'app-deps-names-types-only',
      severity: 'error',
      comment: 'app/deps.ts may name a domain\'s configuration type (the WhatsApp connection), never import its code.',
      from: { path: '^functions/src/app/deps\\.ts$' },
      to: { path: domains, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domains-not-on-wiring',
      severity: 'error',
      comment: 'Every domain\'s routes and journal processors are put together in app/ only; a domain does not reach into the wiring.',
      from: { path: domains, pathNot: tests },
      // AppDeps is the one thing of the wiring a domain names: as a type, never its code.
      to: { path: wiring, pathNot: '^functions/src/app/deps\\.ts$' },
    },
    {
      name: 'comms-log-has-one-owner',
      severity: 'error',
      comment:
        'Only comms/ touches the comms log\'s tables (crm_comms_log, crm_comms_fts, crm_comms_address_map): every other module, ' +
        'tests and benchmarks included, uses the verbs of CommsLog (comms/comms.log.ts), never its storage (comms.writes, comms.queries, comms.rows, comms.slots).',
      from: { pathNot: '^functions/src/comms/' },
      to: { path: '^functions/src/comms/comms\\.(writes|queries|rows|slots)\\.ts$' },
    },
    {
      name: 'no-test-support-in-product-code',
      severity: 'error',
      comment: 'Test helpers stay out of what ships or runs: only tests, benchmarks and other test helpers import them.',
      from: { path: '^(functions/src|scripts|bridge|hosting/src)/', pathNot: [tests, '^scripts/bench/'] },
      to: { path: '(^|/)test-support/' },
    },
    {
      name: 'spa-imports-server-schemas-only',
      severity: 'error',
      comment:
        'The SPA takes the API\'s request and response schemas from the functions (*.schema.ts, *.enums.ts, shared/wire.ts, contract/), nothing else: ' +
        'services, stores and Node-only code stay on the server.',
      from: { path: '^hosting/src/' },
      to: { path: '^functions/src/', pathNot: '^functions/src/(.+\\.(schema|enums)\\.ts|shared/wire\\.ts|contract/[^/]+\\.ts)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|lib|dist|coverage|test-results)/' },
    tsPreCompilationDeps: true,
    // The SPA's tsconfig: its `@functions/*` alias is the only path mapping in the repository.
    // An absolute name, as TypeScript resolves a relative one's `include` against the working folder.
    tsConfig: { fileName: `${__dirname}/hosting/tsconfig.json` },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.vue', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
