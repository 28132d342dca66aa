'use client';
// System / Light / Dark, remembered in this browser (app/lib/use-theme.ts).
import { THEME_CHOICES, type ThemeChoice } from '../../server/protocol/index.ts';
import { useTheme } from '../lib/use-theme.ts';

const LABELS: Record<ThemeChoice, string> = { system: 'System theme', light: 'Light', dark: 'Dark' };
const ICONS: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

export function ThemePicker() {
  const { choice, choose } = useTheme();
  return (
    <label className="theme-picker" title="Theme">
      <span className="theme-icon" aria-hidden>{ICONS[choice]}</span>
      <select value={choice} onChange={(e) => choose(e.target.value as ThemeChoice)} aria-label="Theme">
        {THEME_CHOICES.map((c) => <option key={c} value={c}>{LABELS[c]}</option>)}
      </select>
    </label>
  );
}
