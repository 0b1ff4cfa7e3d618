// The recipes of docs/recipes.md as data: the explore page offers them one click away, and
// tests/recipes.test.ts runs each against the samples and compares it with the printed answer.
export interface Recipe {
  title: string;
  sql: string;
  /** The answer table as printed: header, then rows, each cell as text. */
  answer: string[][];
}

/** Each `## ` section's sql block and the markdown table after it. */
export function parseRecipes(markdown: string): Recipe[] {
  return markdown
    .split(/^## /m)
    .slice(1)
    .map((section) => {
      const title = section.split('\n')[0].trim();
      const sql = /```sql\n([\s\S]*?)```/.exec(section)?.[1].trim() ?? '';
      const after = section.slice(section.indexOf('```', section.indexOf('```sql') + 6));
      const table = after.split('\n').filter((l) => l.startsWith('|'));
      const cells = (l: string) => l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
      return { title, sql, answer: table.filter((l) => !/^\|[-|\s]+\|$/.test(l)).map(cells) };
    });
}
