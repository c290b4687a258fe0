import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * DejaVu Sans is embedded (not PDF's built-in Helvetica) because names on these papers are
 * UTF-8: Zoë, Łukasz, Ørsted must print as written on a form that goes to police.
 */
export const REPORT_FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;
