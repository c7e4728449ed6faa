import * as fs from 'node:fs';
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

/**
 * The text the workbench shows in the elements `selector` matches, in the page and in every frame
 * (webviews too), one element a line: what a screenshot would show, for asserting on it.
 * Fails without a runner (there is no workbench page to read).
 */
export async function workbenchText(selector: string): Promise<string> {
  const control = process.env.PALETTE_TEST_CONTROL_URL;
  if (!control) throw new Error('workbenchText needs the code-server runner (PALETTE_TEST_CONTROL_URL)');
  const response = await fetch(new URL(`/text?selector=${encodeURIComponent(selector)}`, control), { method: 'POST' });
  const body = await response.text();
  if (!response.ok) throw new Error(`reading "${selector}" from the workbench failed: ${response.status} ${body}`);
  return body;
}

/** Width and height of a PNG file, from its IHDR chunk; fails when the file is not a PNG. */
export function pngSize(file: string): { width: number; height: number } {
  const header = fs.readFileSync(file).subarray(0, 24);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!header.subarray(0, 8).equals(signature) || header.toString('latin1', 12, 16) !== 'IHDR') throw new Error(`${file} is not a PNG`);
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}
