/**
 * Commander's own refusals ("error: unknown option '--amout'\n(Did you mean --amount?)") as the
 * sentences every other keel error is: capitalised, ended with a period, the suggestion kept, and a
 * pointer to the help. Exit code 2 is main()'s, as for any input the user can correct.
 */
export function usageSentence(text: string): string {
  const [first = "", ...rest] = text.trim().split("\n");
  let sentence = first.replace(/^error:\s*/i, "").trim();
  sentence = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  if (!/[.!?]$/.test(sentence)) sentence += ".";
  const suggestion = rest
    .map((line) => line.trim().replace(/^\((.*)\)$/, "$1"))
    .filter(Boolean)
    .join(" ");
  return `${sentence}${suggestion ? ` ${suggestion}` : ""} See \`keel --help\` (or \`keel <command> --help\`).\n`;
}
