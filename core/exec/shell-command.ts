// Commands MeshDeck tells the user to run (advice, diagnoses), written so that pasting them into
// a POSIX shell runs exactly what MeshDeck would run: each word bare when plain, else quoted. Pure.

/** `word` as one shell word: bare when it is plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The words as one command line, e.g. `'/Users/a b/kind' load docker-image nginx --name meshdeck`. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellWord).join(' ');
}
