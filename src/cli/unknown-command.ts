/**
 * What to say about a command that does not exist. oclif, with spaces between topic and command,
 * hands over everything typed as one id (`trackz histroy homepage` arrives as `histroy:homepage`):
 * here it is taken apart again into the topic words, the mistyped word and its arguments, so the
 * did-you-mean is for the word and the arguments are kept in the corrected command line.
 */
import { closest } from '../config/suggest.js';

export interface CommandCatalog {
  commandIDs: readonly string[];
  topics: readonly { name: string }[];
}

/** Quoted for a shell when it needs to be, so the suggestion can be pasted. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

export function unknownCommandMessage(id: string, argv: readonly string[], catalog: CommandCatalog, bin = 'trackz'): string {
  const words = id.split(':');
  const topics = new Set(catalog.topics.map((topic) => topic.name));
  let depth = 0;
  while (depth < words.length - 1 && topics.has(words.slice(0, depth + 1).join(':'))) depth++;
  const prefix = words.slice(0, depth);
  const typo = words[depth]!;
  const rest = [...words.slice(depth + 1), ...argv];
  // Siblings of the mistyped word: commands and topics one level below what was typed correctly.
  const siblings = new Set(
    [...catalog.commandIDs, ...topics]
      .map((candidate) => candidate.split(':'))
      .filter((parts) => parts.length > depth && prefix.every((word, i) => parts[i] === word))
      .map((parts) => parts[depth]!),
  );
  const match = closest(typo, siblings);
  const typed = [...prefix, typo].join(' ');
  const help = `\`${[bin, 'help', ...prefix].join(' ')}\` lists the commands`;
  if (!match) return `"${typed}" is not a ${bin} command; ${help}`;
  return `"${typed}" is not a ${bin} command (did you mean \`${[bin, ...prefix, match, ...rest].map(shellWord).join(' ')}\`?); ${help}`;
}
