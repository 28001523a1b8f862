import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { HelpScreen } from '../../../src/tui/components/HelpScreen.js';
import { BINDINGS } from '../../../src/tui/keymap.js';

describe('HelpScreen', () => {
  it('lists every key with what it does, and the symbols', () => {
    const { lastFrame } = render(<HelpScreen height={21} width={80} />);
    for (const b of BINDINGS) expect(lastFrame()).toContain(`${b.keys.padEnd(8)}${b.help}`);
    expect(lastFrame()).toContain('✔ up  ▲ degraded  ✖ down  ? unknown  ○ pending  ‖ paused');
  });

  it('is cut to its height', () => {
    const { lastFrame } = render(<HelpScreen height={5} width={80} />);
    expect(lastFrame()!.split('\n')).toHaveLength(5);
  });
});
