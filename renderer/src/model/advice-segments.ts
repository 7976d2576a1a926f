// Splits a finding's advice into prose and commands, so commands can be shown in monospace
// with a copy button. The core marks commands in advice with backticks (`sudo sysctl ...`);
// a line that starts with "$ " is a command too. Everything else stays prose.

export type AdviceSegment = { kind: 'text'; text: string } | { kind: 'command'; command: string };

export function adviceSegments(advice: string): AdviceSegment[] {
  const segments: AdviceSegment[] = [];
  const pushText = (text: string) => {
    if (text === '') return;
    const previous = segments.at(-1);
    if (previous?.kind === 'text') previous.text += text;
    else segments.push({ kind: 'text', text });
  };
  const pushCommand = (command: string) => segments.push({ kind: 'command', command });
  const lines = advice.split('\n');
  lines.forEach((line, index) => {
    const newline = index < lines.length - 1 ? '\n' : '';
    const prompt = /^\s*\$ (.+)$/.exec(line);
    if (prompt?.[1]) {
      pushCommand(prompt[1].trim());
      pushText(newline);
      return;
    }
    const parts = line.split('`');
    // An odd count of backticks leaves the last one unpaired: keep it as text.
    const paired = parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts.at(-2)}\`${parts.at(-1)}`];
    paired.forEach((part, partIndex) => {
      if (partIndex % 2 === 1 && part.trim() !== '') pushCommand(part.trim());
      else if (partIndex % 2 === 1) pushText(`\`${part}\``);
      else pushText(part);
    });
    pushText(newline);
  });
  return segments;
}
