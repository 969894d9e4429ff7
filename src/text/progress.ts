/** A text progress bar toward a petition's goal, the same on every platform. */

const WIDTH = 10;

export function progressBar(count: number, goal: number): string {
  const ratio = goal > 0 ? Math.min(1, count / goal) : 0;
  const filled = Math.round(ratio * WIDTH);
  return `${'▓'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${Math.floor(ratio * 100)}%`;
}
