'use client';
// System / Light / Dark, remembered in this browser (app/lib/use-theme.ts). In the
// collapsed sidebar, one icon button that steps through the three.
import { THEME_CHOICES, type ThemeChoice } from '../../server/protocol/index.ts';
import { useTheme } from '../lib/use-theme.ts';

const LABELS: Record<ThemeChoice, string> = { system: 'System theme', light: 'Light', dark: 'Dark' };
const ICONS: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

export function ThemePicker({ compact }: { compact: boolean }) {
  const { choice, choose } = useTheme();
  if (compact) {
    const next = THEME_CHOICES[(THEME_CHOICES.indexOf(choice) + 1) % THEME_CHOICES.length]!;
    return (
      <button type="button" className="icon-button theme-cycle" onClick={() => choose(next)}
        aria-label={`Theme: ${LABELS[choice]}. Switch to ${LABELS[next]}`} title={`Theme: ${LABELS[choice]}`}>
        {ICONS[choice]}
      </button>
    );
  }
  return (
    <label className="theme-picker" title="Theme">
      <span className="theme-icon" aria-hidden>{ICONS[choice]}</span>
      <select value={choice} onChange={(e) => choose(e.target.value as ThemeChoice)} aria-label="Theme">
        {THEME_CHOICES.map((c) => <option key={c} value={c}>{LABELS[c]}</option>)}
      </select>
    </label>
  );
}
