import { Fragment } from 'preact';
import { chemParts } from '../chem.ts';
import { pollutantLabel } from '../format.ts';

/** Any text with the chemical formulas in it typeset with <sub> (PM<sub>2.5</sub>), see chem.ts for why. */
export function Chem({ text }: { text: string }) {
  return (
    <>
      {chemParts(text).map((p, i) =>
        typeof p === 'string' ? (
          p
        ) : (
          <Fragment key={i}>
            {p.base}
            <sub>{p.sub}</sub>
          </Fragment>
        ),
      )}
    </>
  );
}

/** One pollutant by its code: <Pollutant name="PM2.5" /> → PM<sub>2.5</sub>. */
export function Pollutant({ name }: { name: string }) {
  return (
    <span class="pollutant" data-pollutant={name}>
      <Chem text={pollutantLabel(name)} />
    </span>
  );
}

/** Units as stored and published (HJ 633 Table 1): CO in mg/m³, the others in µg/m³. */
export const unitOf = (pollutant: string): string => (pollutant === 'CO' ? 'mg/m³' : 'µg/m³');
