// @ts-check
// A loopback HTTP server through which suites in the extension host ask the runner for things
// only the browser side can do: `POST /screenshot?name=x` saves the page as a PNG, and
// `POST /text?selector=css` returns the text the workbench shows in the elements the selector
// matches (in the page and every frame: webviews too), so a suite can check what a picture shows.
import { createServer } from 'node:http';

/**
 * @typedef {object} ControlHandlers
 * @property {(name: string) => Promise<string>} screenshot saves a screenshot, returns its path
 * @property {(selector: string) => Promise<string>} text the visible text of the matching elements, one a line
 */

/**
 * Starts the control server on a free loopback port.
 * @param {ControlHandlers} handlers
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function startControlServer(handlers) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (/** @type {number} */ status, /** @type {string} */ body) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(body);
    };
    const answer = (/** @type {Promise<string>} */ work) => work.then(
      (body) => reply(200, body),
      (error) => reply(500, error instanceof Error ? error.message : String(error)),
    );
    if (req.method === 'POST' && url.pathname === '/text') {
      answer(handlers.text(url.searchParams.get('selector') ?? ''));
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/screenshot') {
      reply(404, 'unknown control request');
      return;
    }
    const name = url.searchParams.get('name') ?? '';
    if (!/^[\w.-]+$/.test(name)) {
      reply(400, 'name must match [A-Za-z0-9_.-]+');
      return;
    }
    answer(handlers.screenshot(name));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
