/** What a command prints: data for stdout (a URL, a key, a table, JSON), and the words for a person on stderr. */
export interface Printed {
  stdout: string;
  stderr: string;
}

export function print(printed: Printed): void {
  if (printed.stdout) process.stdout.write(printed.stdout);
  if (printed.stderr) process.stderr.write(printed.stderr);
}
