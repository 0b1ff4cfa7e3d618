// Bytes → string. Chinese government sites still publish GB18030/GBK; a BOM tells UTF-8/16.
// Decoding is strict: invalid byte sequences are an error, never silently replaced.
import { ExtractError } from './lines.js';

export interface Decoded {
  text: string;
  encoding: string;
}

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) throw new ExtractError('empty file');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return strict('utf-8', bytes.subarray(3), 'utf-8-bom');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return strict('utf-16le', bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return strict('utf-16be', bytes.subarray(2), 'utf-16be');
  if (looksBinary(bytes)) throw new ExtractError('binary content, not text (NUL or control bytes)');
  try {
    return strict('utf-8', bytes, 'utf-8');
  } catch {
    try {
      return strict('gb18030', bytes, 'gb18030');
    } catch {
      throw new ExtractError('invalid byte sequences: neither UTF-8 nor GB18030/GBK text');
    }
  }
}

function strict(label: string, bytes: Uint8Array, name: string): Decoded {
  try {
    return { text: new TextDecoder(label, { fatal: true }).decode(bytes), encoding: name };
  } catch {
    throw new ExtractError(`invalid ${label} byte sequences`);
  }
}

/** NUL bytes or many C0 control characters in the first 4 KiB mean this is not a text report. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > n / 100;
}
