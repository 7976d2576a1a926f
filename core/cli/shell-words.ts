// Commands the CLI tells the user to run, written so that pasting them into a shell works.

/** `word` as one shell word: bare when it is plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `meshdeck <words…>`, each word quoted as needed. */
export function meshdeckCommand(words: readonly string[]): string {
  return ['meshdeck', ...words.map(shellWord)].join(' ');
}
