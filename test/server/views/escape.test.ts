import { describe, expect, it } from 'vitest';
import { escapeHtml, safeHref } from '../../../src/server/views/escape.js';

describe('escapeHtml: the one escaping function', () => {
  it('escapes the five markup characters for text and double-quoted attributes', () => {
    expect(escapeHtml(`<img src=x onerror=alert(1)> & "q" 'a'`)).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39;');
  });

  it('returns plain strings unchanged and turns numbers, null and undefined into text', () => {
    expect(escapeHtml('homepage-1.2')).toBe('homepage-1.2');
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
  });

  it('replaces what XML 1.0 cannot hold (controls, lone surrogates) and keeps tab, newline and real pairs', () => {
    expect(escapeHtml('a\u0000b\u0007c\u001Fd')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(escapeHtml('x\uD800y')).toBe('x\uFFFDy');
    expect(escapeHtml('x\uDC00y')).toBe('x\uFFFDy');
    expect(escapeHtml('tab\tnl\ncr\r')).toBe('tab\tnl\ncr\r');
    expect(escapeHtml('ok 😀 <')).toBe('ok 😀 &lt;');
    expect(escapeHtml('\uFFFE')).toBe('\uFFFD');
  });

  it('never lets an already escaped entity through as markup', () => {
    expect(escapeHtml('&lt;script&gt;')).toBe('&amp;lt;script&amp;gt;');
  });
});

describe('safeHref', () => {
  it('keeps http(s) URLs and same-origin paths', () => {
    expect(safeHref('https://example.com/heatmap?a=1')).toBe('https://example.com/heatmap?a=1');
    expect(safeHref('/d/x/heatmap')).toBe('/d/x/heatmap');
  });

  it('drops other schemes and protocol-relative URLs', () => {
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', '//evil.example/', '/\\evil.example', 'vbscript:x', '', null, undefined]) {
      expect(safeHref(bad)).toBeNull();
    }
  });
});
