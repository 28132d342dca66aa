// The connection form's fields for a database server (PostgreSQL, MySQL / MariaDB): where, who, TLS.
import { SslMode } from '../../../server/protocol/index.ts';
import styles from '../connections.module.css';
import type { EngineFieldsProps } from './engine-fields.ts';

export interface ServerSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  ssl: { mode: SslMode; ca?: string };
  connectTimeoutSeconds: number;
}

export function ServerFields({ settings, update, password }: EngineFieldsProps<ServerSettings>) {
  return (
    <>
      <div className={styles.row}>
        <label className={styles.grow}>Host<input type="text" value={settings.host} onChange={(e) => update({ host: e.target.value })} required /></label>
        <label className={styles.port}>Port<input type="number" min={1} max={65535} value={settings.port} onChange={(e) => update({ port: Number(e.target.value) })} required /></label>
      </div>
      <div className={styles.row}>
        <label className={styles.grow}>Database<input type="text" value={settings.database} onChange={(e) => update({ database: e.target.value })} required /></label>
        <label className={styles.grow}>User<input type="text" value={settings.user} onChange={(e) => update({ user: e.target.value })} required /></label>
      </div>
      {password}
      <div className={styles.row}>
        <label className={styles.grow}>SSL
          <select value={settings.ssl.mode} onChange={(e) => update({ ssl: { ...settings.ssl, mode: e.target.value as SslMode } })}>
            {SslMode.options.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
        <label className={styles.port}>Timeout (s)<input type="number" min={1} max={300} value={settings.connectTimeoutSeconds} onChange={(e) => update({ connectTimeoutSeconds: Number(e.target.value) })} /></label>
      </div>
      {(settings.ssl.mode === 'verify-ca' || settings.ssl.mode === 'verify-full') && (
        <label>CA certificate (PEM)<textarea rows={3} value={settings.ssl.ca ?? ''} onChange={(e) => update({ ssl: { ...settings.ssl, ca: e.target.value || undefined } })} /></label>
      )}
    </>
  );
}
