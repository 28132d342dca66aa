// The activity log's one setting, in <home>/activity-settings.json (written atomically):
// whether statements are recorded with their literal values.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../fs/atomic-write.ts';
import { ActivitySettings } from '../protocol/index.ts';

const DEFAULTS: ActivitySettings = { recordLiterals: false };

export class ActivitySettingsFile {
  readonly #file: string;
  #settings: ActivitySettings;

  constructor(home: string) {
    this.#file = join(home, 'activity-settings.json');
    this.#settings = read(this.#file);
  }

  get(): ActivitySettings {
    return this.#settings;
  }

  save(settings: ActivitySettings): ActivitySettings {
    writeFileAtomicSync(this.#file, `${JSON.stringify(settings, null, 2)}\n`);
    this.#settings = settings;
    return settings;
  }
}

/** A missing or unreadable file means the safe default: literals kept out. */
function read(file: string): ActivitySettings {
  if (!existsSync(file)) return DEFAULTS;
  try {
    return ActivitySettings.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return DEFAULTS;
  }
}
