/**
 * The headings of a Markdown article, as CommonMark reads them: ATX ("## Heading") and setext
 * (a line underlined with === or ---), never inside fenced code blocks.
 */
export interface Heading {
  readonly level: number;
  readonly text: string;
  /** 1-based. */
  readonly line: number;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that cannot be the text of a setext heading: list items, quotes, indented code. */
const NOT_PARAGRAPH = /^(?: {4}|\t| {0,3}(?:[-*+>]|\d+[.)])(?:[ \t]|$))/;

export function headings(markdown: string): Heading[] {
  const out: Heading[] = [];
  let fence: string | null = null;
  let paragraph: { text: string; line: number } | null = null;
  for (const [index, line] of markdown.split(/\r?\n/).entries()) {
    const fenceMark = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = null;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      paragraph = null;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      out.push({ level: (atx[1] as string).length, text: (atx[2] ?? '').trim(), line: index + 1 });
      paragraph = null;
      continue;
    }
    const underline = SETEXT.exec(line)?.[1];
    if (underline && paragraph) {
      out.push({ level: underline[0] === '=' ? 1 : 2, text: paragraph.text, line: paragraph.line });
      paragraph = null;
      continue;
    }
    if (line.trim() === '' || NOT_PARAGRAPH.test(line)) paragraph = null;
    else paragraph ??= { text: line.trim(), line: index + 1 };
  }
  return out;
}
