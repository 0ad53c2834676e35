// The fenced code blocks of a Markdown file: ```lang ... ```, with the line
// of the opening fence. Blocks without a language (diagrams) have lang "".

export interface Block { lang: string; code: string; line: number }

export function blocks(markdown: string, firstLine = 1): Block[] {
  const out: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]);
    out.push({ lang: open[1], code: body.join("\n") + "\n", line: firstLine + start });
  }
  return out;
}
