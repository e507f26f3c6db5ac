import type { RefusedPacket } from '../../api.ts';
import { api } from '../../api.ts';
import { fmtTimestamp } from '../../format.ts';
import { localMessage, type MessageKey, type Translate, useLang } from '../../i18n.ts';
import { useData } from '../../use-data.ts';
import { cnLabel } from './device-format.ts';

const KNOWN_CODES = new Set([
  'time-ahead',
  'time-too-old',
  'time-invalid',
  'value-not-finite',
  'value-out-of-range',
]);

/**
 * The reason in the page's language. An implausible packet's reason is kept as `implausible <codes>: <中文> /
 * <English>` (rules/plausibility): the half of the language is shown. A malformed packet's reason is the codec's
 * (English, with its code).
 */
export function refusedReason(p: Pick<RefusedPacket, 'verdict' | 'reason'>, lang: 'zh' | 'en'): string {
  const reason = p.reason ?? '';
  if (p.verdict !== 'implausible') return reason;
  const body = reason.replace(/^implausible [a-z,-]+: /, '');
  const cut = body.indexOf(' / ');
  if (cut < 0) return body;
  return lang === 'zh' ? body.slice(0, cut) : body.slice(cut + 3);
}

function codeLabel(code: string, t: Translate): string {
  return KNOWN_CODES.has(code) ? t(`refusedCode.${code}` as MessageKey) : code;
}

/** 近期拒收报文: why a device's data did not arrive (issue 11), newest first, with the packet as received. */
export function RefusedPackets({ mn, refresh }: { mn: string; refresh: number }) {
  const { t, lang } = useLang();
  const loaded = useData(() => api.deviceRefused(mn), [mn, refresh]);
  const data = loaded.data?.mn === mn ? loaded.data : undefined;
  return (
    <div data-refused>
      <h3 class="detail-sub">{t('refusedTitle')}</h3>
      <p class="muted small">{t('refusedHint')}</p>
      {loaded.error && <p class="form-error">{localMessage(loaded.error, lang)}</p>}
      {!data ? (
        <div class="loading">{t('loading')}</div>
      ) : data.packets.length === 0 ? (
        <p class="muted" data-refused-empty>
          {t('refusedNone')}
        </p>
      ) : (
        <div class="table-wrap">
          <table class="quarantine">
            <thead>
              <tr>
                <th>{t('qTime')}</th>
                <th>{t('qCn')}</th>
                <th>{t('qReason')}</th>
                <th>{t('qPacket')}</th>
              </tr>
            </thead>
            <tbody>
              {data.packets.map((p) => (
                <tr key={p.id} data-refused-packet={p.id} data-verdict={p.verdict}>
                  <td class="tabular">{fmtTimestamp(p.receivedAt)}</td>
                  <td>{cnLabel(p.cn, t)}</td>
                  <td data-col="reason" title={p.reason ?? ''}>
                    <span class="status status-offline">{t(`refused.${p.verdict}`)}</span>{' '}
                    {p.codes.map((c) => (
                      <span key={c} class="chip spaced" data-code={c}>
                        {codeLabel(c, t)}
                      </span>
                    ))}
                    <div class="small">{refusedReason(p, lang)}</div>
                  </td>
                  <td class="packet-cell">
                    <pre class="packet" data-col="packet">
                      {p.packet.replace(/\r?\n$/, '')}
                    </pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
