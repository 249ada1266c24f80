import type { CommsDirection, TimelineKind } from './comms.types';

/** Solid 24×24 path data (drawn even-odd) of the icon of each timeline kind. */
export const kindIconPaths: Record<TimelineKind, string> = {
  email: 'M2 6a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2v.4l-10 6.3L2 6.4zm0 2.8V18a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8.8l-10 6.3z',
  whatsapp:
    'M12 2a10 10 0 0 0-8.7 14.9L2 22l5.3-1.3A10 10 0 1 0 12 2zM8.3 7c.3 0 .6.1.7.4l.8 1.9c.1.3 0 .6-.2.8l-.6.7c.6 1.2 1.6 2.2 2.8 2.8l.7-.6c.2-.2.5-.3.8-.2l1.9.8c.3.1.4.4.4.7v.9c0 .8-.7 1.3-1.4 1.2C10.6 16.1 7 12.5 6.6 8.4 6.5 7.6 7.1 7 7.9 7z',
  call: 'M6.6 2.5c.5 0 .9.3 1.1.7l1.6 3.6c.2.5.1 1-.3 1.4L7.4 9.8a12 12 0 0 0 6.8 6.8l1.6-1.6c.4-.4.9-.5 1.4-.3l3.6 1.6c.4.2.7.6.7 1.1V20c0 1.2-1 2.1-2.2 2A18.5 18.5 0 0 1 2 5.7C1.9 4.5 2.8 3.5 4 3.5z',
  sms: 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z',
  note: 'M5 2h10l5 5v13a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm9 1.5V8h4.5zM7 12v2h10v-2zm0 4v2h7v-2z',
  in_person:
    'M8 4a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7zm8 0a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7zM8 12.5c3.3 0 6 2.2 6 5.5v2H2v-2c0-3.3 2.7-5.5 6-5.5zm8 0c3.3 0 6 2.2 6 5.5v2h-6.5v-2c0-2.1-.8-3.9-2.2-5.1.8-.3 1.7-.4 2.7-.4z',
  order_event:
    'M9 2h6a1 1 0 0 1 1 1v1h2a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h2V3a1 1 0 0 1 1-1zm1 2v2h4V4zM8 10v2h8v-2zm0 4v2h5v-2z',
  transaction: 'M2 6h20v12H2zm10 3a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM4 8v2a2 2 0 0 0 2-2zm14 0a2 2 0 0 0 2 2V8zM4 14v2h2a2 2 0 0 0-2-2zm16 0a2 2 0 0 0-2 2h2z',
  technical_issue: 'M12 2 23 21H1zm-1 7v6h2V9zm0 8v2h2v-2z',
  activity: 'M12 2a7 7 0 0 1 7 7v4l2 3v2H3v-2l2-3V9a7 7 0 0 1 7-7zm-2.5 18h5a2.5 2.5 0 0 1-5 0z',
  install_support:
    'M21.7 6.3 18.3 9.7l-2.6-.4-.4-2.6 3.4-3.4A6 6 0 0 0 11 11.2l-8 8a2 2 0 0 0 2.8 2.8l8-8a6 6 0 0 0 7.9-7.7z',
};

export const directionIconPaths: Record<CommsDirection, string> = {
  inbound: 'M18.6 4 20 5.4 9.4 16H16v2H6V8h2v6.6z',
  outbound: 'M5.4 20 4 18.6 14.6 8H8V6h10v10h-2V9.4z',
  internal: 'M12 7a5 5 0 1 1 0 10 5 5 0 0 1 0-10z',
};
