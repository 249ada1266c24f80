/** Path data of the solid 24×24 icons that AppIcon draws. */
export const iconPaths = {
  bell: 'M12 2a6 6 0 0 0-6 6v4.2L4 16v1h16v-1l-2-3.8V8a6 6 0 0 0-6-6zm-2.8 17a2.8 2.8 0 0 0 5.6 0z',
  customers:
    'M9 4a4 4 0 1 1 0 8 4 4 0 0 1 0-8zm0 9.5c3.9 0 7 2.6 7 6.5H2c0-3.9 3.1-6.5 7-6.5zM17 6a3 3 0 1 1 0 6 3 3 0 0 1 0-6zm.5 7.6c2.6.4 4.5 2.6 4.5 5.4V20h-4.4c0-2.6-.9-4.8-2.4-6.3.7-.1 1.5-.2 2.3-.1z',
  orders:
    'M7 3h10a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm2 4v2h6V7zm0 4v2h6v-2zm0 4v2h4v-2z',
  products: 'M12 2 21 7v10l-9 5-9-5V7zm0 2.3L5.6 7.9 12 11.5l6.4-3.6z',
  inbox: 'M5 4h14l3 9v6a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1v-6zm1.4 2-2.2 7H8l1.5 2.5h5L16 13h3.8l-2.2-7z',
  settings:
    'M4 5h9.2a3 3 0 0 1 5.6 0H20v2h-1.2a3 3 0 0 1-5.6 0H4zm0 6h1.2a3 3 0 0 1 5.6 0H20v2h-9.2a3 3 0 0 1-5.6 0H4zm0 6h9.2a3 3 0 0 1 5.6 0H20v2h-1.2a3 3 0 0 1-5.6 0H4z',
  chevronDown: 'M6.5 9h11L12 15.5z',
  signOut:
    'M10 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h5v-2H5V5h5zm6 4-1.4 1.4 2.6 2.6H9v2h8.2l-2.6 2.6L16 17l5-5z',
  negotiate: 'M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 5v2h10V8zm0 4v2h7v-2z',
  issue: 'M12 2 1 21h22zm-1 7v6h2V9zm0 8v2h2v-2z',
  payment: 'M2 6h20v12H2zm10 3a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM4 8v2a2 2 0 0 0 2-2zm16 8v-2a2 2 0 0 0-2 2z',
  edit: 'M3 17.25V21h3.75L17.8 9.94l-3.75-3.75zM20.7 7.04a1 1 0 0 0 0-1.41l-2.34-2.34a1 1 0 0 0-1.41 0l-1.83 1.83 3.75 3.75z',
  plus: 'M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z',
  more: 'M12 4a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm0 6a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm0 6a2 2 0 1 1 0 4 2 2 0 0 1 0-4z',
  columns: 'M3 4h5v16H3zm6.5 0h5v16h-5zM16 4h5v16h-5z',
  calendar: 'M7 2h2v2h6V2h2v2h3a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3zM5 9v10h14V9zm2 2h3v3H7z',
  menu: 'M3 5h18v2H3zm0 6h18v2H3zm0 6h18v2H3z',
} as const;

export type IconName = keyof typeof iconPaths;
