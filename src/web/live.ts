import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LiveDataEvent, LiveDeviceEvent } from '#contract/dashboard.ts';

/** What the open page knows from /api/live: a counter that moves with each new batch of data, and the connection. */
export interface LiveState {
  connected: boolean;
  /** Increases on every `data` or `device` event: pages re-read their data when it changes. */
  tick: number;
  lastData: LiveDataEvent | null;
  lastDevice: LiveDeviceEvent | null;
}

export const INITIAL_LIVE: LiveState = { connected: false, tick: 0, lastData: null, lastDevice: null };

/** Connects to /api/live; EventSource reconnects by itself after a drop. Returns the disconnect function. */
export function connectLive(update: (fn: (s: LiveState) => LiveState) => void): () => void {
  const source = new EventSource('/api/live');
  source.addEventListener('open', () => update((s) => ({ ...s, connected: true })));
  source.addEventListener('error', () => update((s) => ({ ...s, connected: false })));
  source.addEventListener('hello', () => update((s) => ({ ...s, connected: true })));
  source.addEventListener('data', (e) => {
    const data = JSON.parse((e as MessageEvent<string>).data) as LiveDataEvent;
    update((s) => ({ ...s, connected: true, tick: s.tick + 1, lastData: data }));
  });
  source.addEventListener('device', (e) => {
    const data = JSON.parse((e as MessageEvent<string>).data) as LiveDeviceEvent;
    update((s) => ({ ...s, connected: true, tick: s.tick + 1, lastDevice: data }));
  });
  return () => source.close();
}

export const LiveContext = createContext<LiveState>(INITIAL_LIVE);
export const useLive = () => useContext(LiveContext);
