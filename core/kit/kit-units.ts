// Megabytes as the kit's progress and messages say them (1 decimal below 10 MB).

export function mb(bytes: number): string {
  return (bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: bytes < 1e7 ? 1 : 0 });
}
