// Files the tests generate instead of committing them: small PDFs (with text, without a text
// layer, encrypted) built object by object with a correct cross-reference table.
import { randomBytes } from 'node:crypto';

function assemble(objects: string[], trailerExtra = ''): Uint8Array {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A one-page PDF; `text` (ASCII) is drawn with a standard font, or the page has no text at all. */
export function makePdf(opts: { text?: string; encrypted?: boolean } = {}): Uint8Array {
  const content = opts.text ? `BT /F1 12 Tf 72 720 Td (${opts.text.replace(/[()\\]/g, '\\$&')}) Tj ET` : '0 0 1 rg 72 72 200 200 re f';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  if (!opts.encrypted) return assemble(objects);
  // Standard security handler, revision 2, with a user password we don't know: random /O and
  // /U entries, so no empty password opens it.
  const hex = (n: number) => randomBytes(n).toString('hex');
  objects.push(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <${hex(32)}> /U <${hex(32)}> >>`);
  return assemble(objects, `/Encrypt ${objects.length} 0 R /ID [<${hex(16)}> <${hex(16)}>] `);
}
