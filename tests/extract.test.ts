import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanLines, detectDoubling, undouble, undoubleCells } from '../extract/clean.js';
import { decodeText } from '../extract/decode.js';
import { extract } from '../extract/index.js';
import { readPdfItems } from '../extract/pdf.js';
import { textToLines } from '../extract/text.js';
import { makeCjkPdf } from './fixtures.js';
import { RAW } from './helpers.js';

describe('bold doubling clean-up', () => {
  const line = (cells: string[], k: number) => ({ cells, line: k + 1, text: undefined });
  it('tells how a document draws bold text twice: merged, side by side, or not at all', () => {
    const merged = [['收入收入', '支出支出'], ['项目'], ['栏次栏次', '11', '22'], ['合计合计', '100.00'], ['本表无数据']];
    expect(detectDoubling(merged)).toBe('merged');
    // Two merged lines are not yet a habit of the document (a word may repeat on purpose).
    expect(detectDoubling(merged.slice(0, 3))).toBe(null);
    const sideBySide = Array.from({ length: 10 }, (_, i) => [`项目${'一二三四五六七八九十'[i]}`, `项目${'一二三四五六七八九十'[i]}`, '1.00']);
    expect(detectDoubling(sideBySide)).toBe('separate');
    // Nine lines repeating their first cell: a 绩效 table repeating a target as its result.
    expect(detectDoubling(sideBySide.slice(1))).toBe(null);
    // Positioned items that overlap come merged from pdf.js: side-by-side pairs are real cells there.
    expect(detectDoubling(sideBySide, true)).toBe(null);
    expect(detectDoubling([['收入', '支出'], ['合计', '100.00', '100.00']])).toBe(null);
    // Short repetitions are words (谢谢), not bold text: a doubled cell has four characters at least.
    expect(detectDoubling([['谢谢'], ['看看'], ['合合计']])).toBe(null);
    // A cell that only a single leftover character makes doubled ("入入科目代码科目代码") is no evidence.
    expect(detectDoubling([['入入科目代码科目代码'], ['入入科目代码科目代码'], ['入入科目代码科目代码']])).toBe(null);
    // Side by side means the first two cells, CJK, of two characters at least.
    const pairs = (make: (k: number) => string[]) => Array.from({ length: 12 }, (_, k) => make(k));
    const name = (k: number) => `项目${'一二三四五六七八九十百千'[k]}`;
    expect(detectDoubling(pairs((k) => [name(k), '1.00', name(k)]))).toBe(null);
    expect(detectDoubling(pairs((k) => ['一二三四五六七八九十百千'[k], '一二三四五六七八九十百千'[k]]))).toBe(null);
    expect(detectDoubling(pairs(() => ['100', '100']))).toBe(null);
    expect(detectDoubling(pairs((k) => [name(k), name(k)]))).toBe('separate');
  });

  it('undoubles a document drawn twice side by side, and leaves one that repeats a cell on purpose alone', () => {
    const heads = ['收入', '支出', '合计', '总计', '项目', '科目名称', '本年收入', '本年支出', '年初结转', '年末结余', '基本支出'];
    const doubled = heads.map((h, k) => line([h, h, '12.00'], k));
    expect(cleanLines(doubled).map((l) => l.cells)).toEqual(heads.map((h) => [h, '12.00']));
    const onPurpose = [line(['成本指标', '成本指标', '达标'], 0), line(['及时', '及时'], 1), line(['合计', '100.00'], 2)];
    expect(cleanLines(onPurpose).map((l) => l.cells)).toEqual([['成本指标', '成本指标', '达标'], ['及时', '及时'], ['合计', '100.00']]);
  });

  it('undoubles doubled labels, headers and codes on bold lines', () => {
    expect(undoubleCells(['收入收入', '支出支出'], true)).toEqual(['收入', '支出']);
    expect(undoubleCells(['栏次栏次', '', '11', '栏次栏次', '', '22'], true)).toEqual(['栏次', '', '1', '栏次', '', '2']);
    expect(undoubleCells(['', '第一部分', '概况第一部分', '概况'], true)).toEqual(['', '第一部分', '概况']);
    // Two indicator values run together are not bold text (000, 绩效自评表 运行成本).
    expect(undoubleCells(['成本指标', '运行成本', '≤200000元≤200000元', '≤6120元'], true)).toEqual(['成本指标', '运行成本', '≤200000元≤200000元', '≤6120元']);
    expect(undoubleCells(['301301', '工资福利支出工资福利支出', '279.31'], true)).toEqual(['301', '工资福利支出', '279.31']);
    expect(undouble('入入科目代码科目代码', true)).toBe('入科目代码');
  });

  it('never touches genuine repetitions', () => {
    expect(undoubleCells(['合计合计', '11.11', '1,111.00'], true)).toEqual(['合计', '11.11', '1,111.00']);
    expect(undoubleCells(['2111301', '循环经济', '2,000.00'], true)).toEqual(['2111301', '循环经济', '2,000.00']);
    expect(undouble('人人', false)).toBeNull(); // a one-character word outside doubled documents
    expect(undouble('常常', false)).toBeNull();
    expect(undoubleCells(['1111', '22'], false)).toEqual(['1111', '22']); // numbers alone are never undoubled
  });

  it('cleans a real doubled report: headers, page numbers and running headers', () => {
    const text = readFileSync(path.join(RAW, '001_fb039c7f287ddd42.txt'), 'utf8');
    const lines = cleanLines(textToLines(text, 'text'));
    const texts = lines.map((l) => l.cells.join(' ').trim());
    expect(texts).toContain('收入 支出');
    expect(texts).toContain('栏次  1 栏次  2');
    expect(texts).toContain('第一部分 概况');
    expect(texts).not.toContain('-7-');
    expect(texts.filter((t) => t === '长治市屯留区人民政府办公室2023年部门决算公开报告')).toHaveLength(0);
    // provenance: the cleaned 栏次 line still says where it came from
    expect(lines.find((l) => l.cells.join(' ').trim() === '栏次  1 栏次  2')?.line).toBe(217);
  });
});

describe('text lines', () => {
  it('splits lines at \\n, \\r\\n and a lone \\r, numbering them as an editor does, and keeps empty cells', () => {
    const lines = textToLines('收入 1.00\r\n\r\n支出  2.00\r合计 3.00\n\n  \n末行', 'text');
    expect(lines.map((l) => [l.line, l.cells])).toEqual([
      [1, ['收入', '1.00']],
      [3, ['支出', '', '2.00']],
      [4, ['合计', '3.00']],
      [7, ['末行']],
    ]);
    expect(textToLines('a\r\r\nb\n', 'text').map((l) => l.line)).toEqual([1, 3]);
    expect(textToLines('项 目 金额', 'text')[0].cells).toEqual(['项目', '金额']);
  });
  it('reads a real report saved with \\r\\n line ends exactly as with \\n', () => {
    const text = readFileSync(path.join(RAW, '001_fb039c7f287ddd42.txt'), 'utf8');
    const lines = textToLines(text, 'text');
    expect(lines.length).toBeGreaterThan(1000);
    expect(textToLines(text.replace(/\n/g, '\r\n'), 'text')).toEqual(lines);
  });
});

describe('width and invisible characters', () => {
  it('turns full-width digits and punctuation half-width and drops zero-width characters', () => {
    const [l] = cleanLines(textToLines('\uFEFF一般公共服务支出 １，２３４.５６ （一）\u200B行政运行', 'text'));
    expect(l.cells).toEqual(['一般公共服务支出', '1,234.56', '(一)行政运行']);
  });
  it('normalizes the characters at the ends of a line too, which its trimmed text leaves out', () => {
    const [l] = cleanLines(textToLines('\u3000收入 1.00\uFEFF', 'text'));
    expect(l.cells).toEqual([' 收入', '1.00']);
    expect(l.text).toBe('收入 1.00');
    const [m] = cleanLines(textToLines('收入 1.00', 'text'));
    expect([m.cells, m.text]).toEqual([['收入', '1.00'], '收入 1.00']);
  });
});

describe('encodings', () => {
  it('reads GB18030/GBK text', () => {
    const gbk = Buffer.from('b2bfc3c5c3fbb3c6a3bab2e2cad4bed62032303233c4eab6c820bdf0b6eeb5a5cebba3bacdf2d4aa', 'hex');
    expect(decodeText(gbk)).toEqual({ text: '部门名称：测试局 2023年度 金额单位：万元', encoding: 'gb18030' });
  });
  it('reads UTF-8 with a BOM and UTF-16LE with a BOM', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('收入', 'utf8')])).text).toBe('收入');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('收入支出', 'utf16le')])).text).toBe('收入支出');
  });
  it('rejects empty, binary and invalid input with a reason', () => {
    expect(() => decodeText(new Uint8Array())).toThrow(/empty/);
    expect(() => decodeText(Uint8Array.from([0, 1, 2, 3, 0]))).toThrow(/binary/);
    expect(() => decodeText(Uint8Array.from([0xff, 0xff, 0xff, 0x41, 0x80]))).toThrow(/invalid/);
  });
});

describe('markdown variant', () => {
  it('splits tab cells, drops <b> and merges a wrapped label into its row', () => {
    const lines = textToLines('\t17\t\t十七、援助其他地区支\t49\t\t\t\t\n\t\t\t出\t\t\t\t\t\n<b>总计</b>\t31\t692.87', 'markdown');
    expect(lines[0].cells[3]).toBe('十七、援助其他地区支出');
    expect(lines[1].cells.slice(0, 3)).toEqual(['总计', '31', '692.87']);
    expect(lines[1].line).toBe(3);
  });
  it('drops a wrapped cell\'s space between CJK characters, whatever the space, and keeps it elsewhere', () => {
    const [l] = textToLines('# 一般公共 服务支出\t2 01\t其他\u3000收入\tA B', 'markdown');
    expect(l.cells).toEqual(['一般公共服务支出', '2 01', '其他收入', 'A B']);
  });
});

describe('PDF text with positions', () => {
  it('reads items with page and x/y from the real sample PDF, Chinese intact', async () => {
    const { items, pageCount } = await readPdfItems(new Uint8Array(readFileSync(path.join(RAW, 'sh-putuo-caizhengju-2024-juesuan.pdf'))));
    expect(pageCount).toBe(25);
    expect(items.filter((i) => i.str === '收入支出决算总表').map((i) => i.page)).toContain(6);
    const amount = items.find((i) => i.page === 6 && i.str === '2,940.05');
    expect(amount).toBeDefined();
    expect(amount!.x + amount!.w).toBeGreaterThan(290);
    expect(amount!.x + amount!.w).toBeLessThan(300);
    const label = items.find((i) => i.page === 6 && i.str === '一、一般公共预算财政拨款收入');
    expect(Math.abs(label!.y - amount!.y)).toBeLessThan(2); // same printed row
  });

  it('decodes a CID font without Unicode map or embedded glyphs, and measures its characters as the PDF declares them', async () => {
    // Drawn as separate strings: a title with curly quotes, an amount and the code of the next
    // panel 0.75 em apart (the substitute font PDFium measures makes digits wider than declared).
    const bytes = makeCjkPdf([
      [
        { x: 40, y: 60, text: '财政拨款“三公”经费支出决算表', size: 12 },
        { x: 408, y: 100, text: '1003.38', size: 12 },
        { x: 459, y: 100, text: '302', size: 12 },
        { x: 40, y: 140, text: '上海市XX局2024年度', size: 12 },
      ],
    ]);
    const { lines } = await extract(bytes, 'cid.pdf');
    expect(lines.map((l) => l.cells)).toEqual([['财政拨款“三公”经费支出决算表'], ['1003.38', '302'], ['上海市XX局2024年度']]);
    const { items } = await readPdfItems(bytes);
    const amount = items.find((i) => i.str === '1003.38')!;
    expect(amount.x).toBeCloseTo(408, 0);
    expect(amount.w).toBeCloseTo(42, 0); // 7 half-width characters of 12 points, as declared
    expect(amount.page).toBe(1);
  });

  it('says clearly why a PDF cannot be read', async () => {
    await expect(extract(new TextEncoder().encode('%PDF-1.4\n'), 'a.pdf')).rejects.toThrow(/not a readable PDF/);
    await expect(extract(Uint8Array.from([1, 2, 3, 4]), 'b.pdf')).rejects.toThrow(/not a PDF/);
  });
});
