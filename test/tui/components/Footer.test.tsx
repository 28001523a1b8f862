import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Footer, fitFooter } from '../../../src/tui/components/Footer.js';
import { FOOTER } from '../../../src/tui/keymap.js';

describe('Footer', () => {
  it('shows the keys that fit, and always ? help and q quit', () => {
    const { lastFrame } = render(<Footer keys={FOOTER.list} prompt={null} width={80} />);
    const line = lastFrame()!;
    expect([...line].length).toBeLessThanOrEqual(80);
    expect(line).toMatch(/^↑↓ move {2}Enter detail {2}\/ filter {2}o sort/);
    expect(line).toMatch(/\? help {2}q quit$/);
  });

  it('all keys on a wide screen, in order', () => {
    expect(fitFooter(FOOTER.list, 200)).toHaveLength(FOOTER.list.length);
    expect(fitFooter(FOOTER.list, 20).map((k) => k.keys)).toEqual(['?', 'q']);
  });

  it('the filter prompt while typing, with how to keep or clear it', () => {
    const { lastFrame } = render(<Footer keys={FOOTER.list} prompt="web" width={80} />);
    expect(lastFrame()).toBe('/web   Enter keep · Esc clear');
  });
});
