import { request } from 'node:http';

/**
 * Asks the runner to save a screenshot of the workbench as test-results/screenshots/NAME.png
 * (and media/screenshots/ when PALETTE_UPDATE_SCREENSHOTS=1). Resolves once the file is written.
 * Without a runner control URL (e.g. under test-electron) it logs a line and does nothing.
 * @returns the path the runner saved, or undefined when no runner was there to take it
 */
export async function screenshot(name: string): Promise<string | undefined> {
  const control = process.env.PALETTE_TEST_CONTROL_URL;
  if (!control) {
    console.log(`[support] screenshot "${name}" skipped: no PALETTE_TEST_CONTROL_URL`);
    return undefined;
  }
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name must be [A-Za-z0-9_.-]+, got "${name}"`);
  const url = new URL(`/screenshot?name=${encodeURIComponent(name)}`, control);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        if (res.statusCode === 200) resolve(body.trim());
        else reject(new Error(`screenshot "${name}" failed: ${res.statusCode} ${body}`));
      });
    });
    req.on('error', reject);
    req.end();
  });
}
