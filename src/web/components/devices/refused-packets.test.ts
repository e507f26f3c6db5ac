import { describe, expect, it } from 'vitest';
import { refusedReason } from './refused-packets.tsx';

describe('refusedReason', () => {
  const implausible = {
    verdict: 'implausible' as const,
    reason:
      'implausible time-ahead,value-out-of-range: 数据时间超前接收时间 2922 天（允许 10 分钟）；PM2.5 数值 1.000e+308 超出合理范围 0–2000 / DataTime 2922 days ahead of the receiver clock (allowed 10 min); PM2.5 value 1.000e+308 outside the plausible range 0–2000',
  };
  it('shows the half of an implausible reason in the page language', () => {
    expect(refusedReason(implausible, 'zh')).toBe(
      '数据时间超前接收时间 2922 天（允许 10 分钟）；PM2.5 数值 1.000e+308 超出合理范围 0–2000',
    );
    expect(refusedReason(implausible, 'en')).toBe(
      'DataTime 2922 days ahead of the receiver clock (allowed 10 min); PM2.5 value 1.000e+308 outside the plausible range 0–2000',
    );
  });
  it('shows a malformed packet’s codec reason as it is', () => {
    const rejected = { verdict: 'rejected' as const, reason: 'crc-mismatch: CRC does not match' };
    expect(refusedReason(rejected, 'zh')).toBe('crc-mismatch: CRC does not match');
    expect(refusedReason({ verdict: 'rejected', reason: null }, 'en')).toBe('');
  });
});
