import { describe, expect, it } from 'vitest';
import { centredScrollLeft, overflowState } from './scroll-cues.ts';

describe('scroll cues', () => {
  it('a table 819 px wide in a 336 px box can scroll right, then both ways, then left', () => {
    expect(overflowState(0, 336, 819)).toBe('right');
    expect(overflowState(200, 336, 819)).toBe('both');
    expect(overflowState(483, 336, 819)).toBe('left');
  });

  it('a table that fits has no cue (a sub-pixel overhang does not count)', () => {
    expect(overflowState(0, 336, 336)).toBe('none');
    expect(overflowState(0, 336, 336.6)).toBe('none');
  });

  it('the active item is centred, within what the box can scroll', () => {
    // Nav 360 px wide, 700 px of items; 审计日志 at 600–680.
    expect(centredScrollLeft(600, 80, 360, 700)).toBe(340);
    expect(centredScrollLeft(400, 80, 360, 700)).toBe(260);
    expect(centredScrollLeft(10, 80, 360, 700)).toBe(0);
  });
});
