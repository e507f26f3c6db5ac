import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { RoundingTableBody } from '#contract/dashboard.ts';
import { DISPLAY_DECIMALS } from '#rules/air/period-rounding.ts';

/**
 * The rounding table the server rounded the figures on screen with (config `air.rounding`, issue 13): the report
 * and the overview carry it, and a page provides it, so every figure is printed with the decimals it was rounded
 * to. Until a response is in, the default table (the same one the server uses unless configured otherwise).
 */
export const RoundingContext = createContext<RoundingTableBody>(DISPLAY_DECIMALS);

export function useRounding(): RoundingTableBody {
  return useContext(RoundingContext);
}
