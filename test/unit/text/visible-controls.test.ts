import { describe, expect, it } from 'vitest';
import { visibleControls } from '../../../shared/text/visible-controls.ts';

describe('visibleControls', () => {
  it('shows C0 controls as control pictures: an escape sequence is inert text', () => {
    expect(visibleControls('\x1b[31mred\x1b[0m')).toBe('␛[31mred␛[0m');
    expect(visibleControls('\x1b]0;pwned\x07title')).toBe('␛]0;pwned␇title');
    expect(visibleControls('a\rb\0c')).toBe('a␍b␀c');
  });

  it('shows DEL, C1 controls and bidi overrides as \\u escapes, so a JSON line decodes to the original', () => {
    const hostile = 'a\u009b31mb\u007fc\u202etxt.exe\u2066d';
    const shown = visibleControls(JSON.stringify({ topic: hostile }), 'keep-line-breaks');
    expect(shown).toBe('{"topic":"a\\u009b31mb\\u007fc\\u202etxt.exe\\u2066d"}');
    expect(JSON.parse(shown)).toEqual({ topic: hostile });
  });

  it('keeps line breaks and tabs only when asked', () => {
    expect(visibleControls('a\tb\nc', 'keep-line-breaks')).toBe('a\tb\nc');
    expect(visibleControls('a\tb\nc')).toBe('a␉b␊c');
    expect(visibleControls('a\r\nb', 'keep-line-breaks')).toBe('a␍\nb');
  });

  it('leaves everything else as it is', () => {
    const text = 'Café – 東京 🚀 "quotes" \\u001b literally';
    expect(visibleControls(text)).toBe(text);
  });
});
