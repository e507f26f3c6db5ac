import { type ComponentChildren, Fragment, type VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import { Chem, Pollutant } from './pollutant.tsx';

/** The text a vnode tree would render, with <sub> marked as _{…}; function components are called as Preact would. */
function text(node: ComponentChildren): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(text).join('');
  const v = node as VNode<{ children?: ComponentChildren }>;
  if (typeof v.type === 'function' && v.type !== Fragment) {
    return text((v.type as (p: unknown) => ComponentChildren)(v.props));
  }
  const inner = text(v.props.children);
  return v.type === 'sub' ? `_{${inner}}` : inner;
}

describe('Pollutant (a .test.tsx file: JSX compiled for Preact, run by npm test)', () => {
  it('typesets the chemical formula with a subscript', () => {
    expect(text(<Pollutant name="PM2.5" />)).toBe('PM_{2.5}');
    expect(text(<Chem text="SO2 and NO2" />)).toBe('SO_{2} and NO_{2}');
  });

  it('marks the element with the pollutant code, which the e2e tests and styles select on', () => {
    const v = Pollutant({ name: 'O3' }) as VNode<{ class: string; 'data-pollutant': string }>;
    expect(v.type).toBe('span');
    expect(v.props['data-pollutant']).toBe('O3');
  });
});
