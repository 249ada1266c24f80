/**
 * The part of mailparser 3.9 this code uses; the package ships no types and @types/mailparser
 * is not installed.
 */
declare module 'mailparser' {
  export interface EmailAddress {
    address?: string;
    name: string;
    group?: EmailAddress[];
  }

  export interface AddressObject {
    value: EmailAddress[];
    text: string;
    html: string;
  }

  export interface StructuredHeader {
    value: string;
    params: Record<string, string>;
  }

  export type HeaderValue = string | string[] | AddressObject | Date | StructuredHeader;

  export interface Attachment {
    type: 'attachment';
    content: Buffer;
    contentType: string;
    contentDisposition?: string;
    filename?: string;
    cid?: string;
    related?: boolean;
    size: number;
    checksum: string;
    headers: Map<string, HeaderValue>;
  }

  export interface ParsedMail {
    headers: Map<string, HeaderValue>;
    subject?: string;
    from?: AddressObject;
    to?: AddressObject | AddressObject[];
    cc?: AddressObject | AddressObject[];
    bcc?: AddressObject | AddressObject[];
    replyTo?: AddressObject;
    date?: Date;
    messageId?: string;
    inReplyTo?: string;
    references?: string | string[];
    text?: string;
    html: string | false;
    attachments: Attachment[];
  }

  export interface SimpleParserOptions {
    keepCidLinks?: boolean;
    skipHtmlToText?: boolean;
    skipTextToHtml?: boolean;
    skipTextLinks?: boolean;
    keepDeliveryStatus?: boolean;
    maxHtmlLengthToParse?: number;
  }

  export function simpleParser(source: Buffer | string | NodeJS.ReadableStream, options?: SimpleParserOptions): Promise<ParsedMail>;
}
