import net from 'node:net';

/**
 * Tries the port the server will listen on, alone, and gives it back. `npm start` on a port another
 * process held made ./data (PGlite's initdb, the Graph journal), the dev certificate and began the
 * pane build before its listen failed (helper newuser): refused here first, nothing is made. The
 * error is the listen's own (`syscall: 'listen'`, EADDRINUSE, EACCES, EADDRNOTAVAIL), so the CLI
 * words it as it words a failed listen. Port 0 (any free port) cannot be taken: nothing to try. A
 * process that takes the port between this try and the real listen still meets that listen's refusal.
 */
export async function tryListen(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const probe = net.createServer();
  await new Promise<void>((listening, failed) => {
    probe.once('error', failed);
    probe.listen({ port, host, exclusive: true }, () => listening());
  });
  await new Promise<void>((closed) => probe.close(() => closed()));
}
