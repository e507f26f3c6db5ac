import { useEffect } from 'preact/hooks';
import { hourEndLabel } from '../hour-label.ts';
import { sliderMarks } from '../hour-marks.ts';
import { useLang } from '../i18n.ts';

/** How long each hour stays on screen while playing, once its data are drawn. */
export const PLAY_STEP_MS = 900;

interface Props {
  hours: readonly number[];
  /** The hour shown (start, epoch ms), null before data. */
  at: number | null;
  /** Whether the page has the data of `at` (the next step waits for it). */
  ready: boolean;
  playing: boolean;
  onPlaying: (playing: boolean) => void;
  /** Index into `hours`; the last means "follow the newest hour". */
  onIndex: (index: number) => void;
}

/**
 * The 24-hour slider with its dates: the selected hour's label (by the END of the hour, hour-label.ts), the
 * first and last hour under the track and a mark where each new day begins, and a play/pause button that steps
 * an hour at a time and stops at the newest. A timeout per step, started once the step's data are in.
 */
export function HourPlayer({ hours, at, ready, playing, onPlaying, onIndex }: Props) {
  const { t, lang } = useLang();
  const last = hours.length - 1;
  const index = at === null ? last : Math.max(0, hours.indexOf(at));
  const marks = sliderMarks(hours, lang);

  useEffect(() => {
    if (!playing || !ready) return;
    if (index >= last) {
      onPlaying(false);
      return;
    }
    const timer = setTimeout(() => onIndex(index + 1), PLAY_STEP_MS);
    return () => clearTimeout(timer);
  }, [playing, ready, index, last, onIndex, onPlaying]);

  const toggle = () => {
    if (playing) return onPlaying(false);
    // From the newest hour, play starts again at the first.
    if (index >= last) onIndex(0);
    onPlaying(true);
  };

  return (
    <div class="hour-player" data-hour-player>
      <button
        type="button"
        class="play"
        data-play
        aria-pressed={playing}
        aria-label={playing ? t('pause') : t('play')}
        title={playing ? t('pause') : t('play')}
        onClick={toggle}
        disabled={hours.length < 2}
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          {playing ? <path d="M3 2h4v12H3zM9 2h4v12H9z" /> : <path d="M4 2l10 6-10 6z" />}
        </svg>
      </button>
      <div class="slider-track">
        <label class="slider-head">
          <span class="muted">{t('hourSlider')}</span>
          <output data-hour={at ?? ''} aria-live="polite">
            {hourEndLabel(at, lang)}
          </output>
        </label>
        <input
          type="range"
          min={0}
          max={Math.max(0, last)}
          value={Math.max(0, index)}
          data-hour-slider
          aria-label={t('hourSlider')}
          aria-valuetext={hourEndLabel(at, lang)}
          onInput={(e) => {
            onPlaying(false);
            onIndex(Number((e.target as HTMLInputElement).value));
          }}
        />
        <div class="slider-marks" aria-hidden="true">
          {marks.map((m) => (
            <span
              key={m.index}
              class={`slider-mark${m.day ? ' day' : ''}${m.at === 0 ? ' first' : m.at === 1 ? ' last' : ''}${m.day && m.at < 0.12 ? ' near-start' : m.day && m.at > 0.88 ? ' near-end' : ''}`}
              data-slider-mark={m.day ? 'day' : 'end'}
              style={{ left: `${m.at * 100}%` }}
            >
              {m.label}
            </span>
          ))}
        </div>
      </div>
    </div>
  );
}
