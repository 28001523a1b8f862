/**
 * A monitor's options as Lighthouse settings: form factor (screen and user agent to match), a
 * throttling preset from Lighthouse's own constants, the categories to run. Pure: the constants
 * are passed in, so this is tested without loading Lighthouse.
 */
import { budgetCategories } from './budgets.js';
import { CATEGORY_IDS } from './lhr.js';
import type { LighthouseOptions, ThrottlingPreset } from './options.js';

/** The shape of lighthouse/core/config/constants.js that is used here. */
export interface LighthouseConstants {
  throttling: Record<'mobileSlow4G' | 'mobileRegular3G' | 'desktopDense4G', Record<string, number>>;
  screenEmulationMetrics: Record<'mobile' | 'desktop', Record<string, unknown>>;
  userAgents: Record<'mobile' | 'desktop', string>;
}

const PRESETS: Record<Exclude<ThrottlingPreset, 'none'>, keyof LighthouseConstants['throttling']> = {
  'mobile-slow-4g': 'mobileSlow4G',
  'mobile-regular-3g': 'mobileRegular3G',
  'desktop-dense-4g': 'desktopDense4G',
};

export interface LighthouseFlags {
  formFactor: 'mobile' | 'desktop';
  screenEmulation: Record<string, unknown>;
  emulatedUserAgent: string;
  throttlingMethod: 'simulate' | 'devtools' | 'provided';
  throttling?: Record<string, number>;
  onlyCategories: string[];
  extraHeaders?: Record<string, string>;
}

export function lighthouseFlags(options: LighthouseOptions, constants: LighthouseConstants): LighthouseFlags {
  const formFactor = options.formFactor;
  const preset = options.throttling ?? (formFactor === 'desktop' ? 'desktop-dense-4g' : 'mobile-slow-4g');
  const wanted = new Set<string>([...options.categories, ...budgetCategories(options.budgets)]);
  return {
    formFactor,
    screenEmulation: constants.screenEmulationMetrics[formFactor],
    emulatedUserAgent: constants.userAgents[formFactor],
    // `provided`: Lighthouse applies no throttling and measures the page as this machine loads it.
    throttlingMethod: preset === 'none' ? 'provided' : options.throttlingMethod,
    ...(preset === 'none' ? {} : { throttling: constants.throttling[PRESETS[preset]] }),
    onlyCategories: CATEGORY_IDS.filter((id) => wanted.has(id)),
    ...(options.headers && Object.keys(options.headers).length ? { extraHeaders: options.headers } : {}),
  };
}
