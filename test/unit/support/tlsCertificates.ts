import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  /** PEM of the private test CA. */
  caCert: string;
  caCertPath: string;
  /** Server certificate for `localhost` / 127.0.0.1, signed by the CA. */
  serverCert: string;
  serverKey: string;
  /** Server certificate for `other.invalid` only, signed by the CA (host name mismatch). */
  wrongNameCert: string;
  wrongNameKey: string;
  cleanup(): void;
}

/** Runs the system `openssl`; a missing one fails the calling test by name (the TLS tests never skip). */
export function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: 'pipe' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('openssl is not installed: the TLS tests need it (sudo apt-get install -y openssl; `npm test` installs it as root)', { cause: error });
    }
    throw error;
  }
}

function issue(cwd: string, name: string, san: string): void {
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], cwd);
  writeFileSync(join(cwd, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`], cwd);
}

/** Generates a throwaway CA and two server certificates with the system `openssl`. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'palette-tls-'));
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-sha256', '-subj', '/CN=Palette Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  issue(dir, 'server', 'DNS:localhost,IP:127.0.0.1');
  issue(dir, 'wrongname', 'DNS:other.invalid');
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  return {
    dir,
    caCert: read('ca.pem'),
    caCertPath: join(dir, 'ca.pem'),
    serverCert: read('server.pem'),
    serverKey: read('server.key'),
    wrongNameCert: read('wrongname.pem'),
    wrongNameKey: read('wrongname.key'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
