import { describe, expect, it } from 'vitest';
import { rovingIndex } from '../../src/renderer/ui/roving.ts';

const key = (name: string, modifiers: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {}) => ({ key: name, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...modifiers });

describe('one Tab stop for a group, the arrow keys inside it', () => {
  it('moves down and right to the next control, up and left to the previous, wrapping at the ends', () => {
    expect(rovingIndex(key('ArrowDown'), 0, 4)).toBe(1);
    expect(rovingIndex(key('ArrowRight'), 3, 4)).toBe(0);
    expect(rovingIndex(key('ArrowUp'), 0, 4)).toBe(3);
    expect(rovingIndex(key('ArrowLeft'), 2, 4)).toBe(1);
  });

  it('Home and End go to the first and the last', () => {
    expect(rovingIndex(key('Home'), 2, 4)).toBe(0);
    expect(rovingIndex(key('End'), 0, 4)).toBe(3);
  });

  it('leaves other keys and modified arrows to the browser (Shift+Tab, Alt+Left, typing)', () => {
    expect(rovingIndex(key('Tab'), 1, 4)).toBeNull();
    expect(rovingIndex(key('a'), 1, 4)).toBeNull();
    expect(rovingIndex(key('ArrowLeft', { altKey: true }), 1, 4)).toBeNull();
    expect(rovingIndex(key('ArrowDown', { shiftKey: true }), 1, 4)).toBeNull();
    expect(rovingIndex(key('ArrowDown'), 0, 0)).toBeNull();
  });
});
