/**
 * What Telegram shows for a text in HTML parse mode, written apart from the code under test and
 * stricter than Telegram: it throws where Telegram would refuse the message or show markup, i.e.
 * on an unclosed or stray tag, a `&` that does not start an entity, or a bare `<` or `>`.
 */
export function telegramVisibleText(html: string): string {
  const open: string[] = [];
  let visible = "";
  let at = 0;
  while (at < html.length) {
    const rest = html.slice(at);
    const tag = /^<(\/?)([a-z][a-z-]*)(?:\s[^<>]*)?>/i.exec(rest);
    if (tag) {
      const [whole, closing, name] = tag;
      if (!closing) open.push(name!);
      else if (open.pop() !== name) throw new Error(`</${name}> closes nothing at ${at}`);
      at += whole.length;
      continue;
    }
    const entity = /^&(amp|lt|gt|quot|#\d+|#x[\da-f]+);/i.exec(rest);
    if (entity) {
      const name = entity[1]!;
      const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"' };
      visible +=
        named[name] ??
        String.fromCodePoint(name[1] === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1)));
      at += entity[0].length;
      continue;
    }
    const char = html[at]!;
    if (char === "&" || char === "<" || char === ">") throw new Error(`a bare ${char} at ${at}`);
    visible += char;
    at += 1;
  }
  if (open.length > 0) throw new Error(`<${open.join("><")}> left open`);
  return visible;
}
