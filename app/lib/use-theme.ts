'use client';
// The theme choice (System / Light / Dark), remembered in localStorage and applied to
// <html data-theme> at once; the boot script (server/protocol/theme.ts) applies it before
// the first paint of every later visit and follows the OS while the choice is System.
import { useCallback, useEffect, useState } from 'react';
import { resolveTheme, THEME_CHOICES, THEME_STORAGE_KEY, type ThemeChoice } from '../../server/protocol/index.ts';

function storedChoice(): ThemeChoice {
  const value = localStorage.getItem(THEME_STORAGE_KEY);
  return (THEME_CHOICES as readonly string[]).includes(value ?? '') ? (value as ThemeChoice) : 'system';
}

export function useTheme() {
  const [choice, setChoice] = useState<ThemeChoice>('system');
  useEffect(() => setChoice(storedChoice()), []);
  const choose = useCallback((next: ThemeChoice) => {
    if (next === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, next);
    document.documentElement.dataset.theme = resolveTheme(next, matchMedia('(prefers-color-scheme: dark)').matches);
    setChoice(next);
  }, []);
  return { choice, choose };
}
