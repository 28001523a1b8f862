/** "Did you mean …?" for misspelt keys, types and monitor names. */

/** Edits between two words: insert, delete, substitute, or swap two neighbours (`ulr` → `url` is one typo). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  // Three rows of the optimal-string-alignment table: two rows back are needed for a swap.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, before[j - 2]! + 1);
      current.push(distance);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The closest candidate within a distance proportional to the word's length, if any. A short word
 * gets fewer edits than it has letters, so `ip` is never "corrected" to an unrelated `ca`.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.min(Math.max(2, Math.floor(word.length / 3)), word.length - 1) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = closest(word, candidates);
  return match ? `did you mean \`${match}\`?` : undefined;
}

/** `no monitor named "x" (did you mean `y`?)`; `otherwise` is the hint when no name is close. */
export function noMonitorNamed(name: string, known: Iterable<string>, otherwise?: string): string {
  const hint = didYouMean(name, known) ?? otherwise;
  return `no monitor named "${name}"${hint ? ` (${hint})` : ''}`;
}

/** Names compared as a file system or a URL might compare them: `Homepage` and `homepage` are one name. */
export function foldName(name: string): string {
  return name.toLowerCase();
}
