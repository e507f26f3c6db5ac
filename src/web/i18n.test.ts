import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { errorMessage } from './i18n.ts';

describe('errorMessage: what a form shows for a failed call', () => {
  it("shows only the part of the API's bilingual message in the page's language", () => {
    const err = new ApiError('站点代码已存在：QB-T01 / site code already exists: QB-T01', 409, 'site_exists');
    expect(errorMessage(err, 'zh')).toBe('站点代码已存在：QB-T01');
    expect(errorMessage(err, 'en')).toBe('site code already exists: QB-T01');
  });

  it('shows any other failure as its text', () => {
    expect(errorMessage(new TypeError('Failed to fetch'), 'zh')).toBe('TypeError: Failed to fetch');
  });
});
