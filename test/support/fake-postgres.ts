import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server that speaks just enough of PostgreSQL's wire protocol (v3, "Frontend/Backend
 * Protocol" in its manual) to fail a login the way a real server does, for cases the local test
 * server (trust authentication) cannot show:
 * - `badPassword`: asks for a cleartext password, then answers ErrorResponse SQLSTATE 28P01;
 * - `silent`: accepts the connection and never says anything (a server or proxy that hangs).
 */
export async function startFakePostgres(
  mode: 'badPassword' | 'silent',
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (mode === 'silent') return;
    let startup = true;
    socket.on('data', () => {
      if (startup) {
        startup = false;
        // AuthenticationCleartextPassword: 'R', length 8, code 3.
        const ask = Buffer.alloc(9);
        ask.write('R', 0);
        ask.writeInt32BE(8, 1);
        ask.writeInt32BE(3, 5);
        socket.write(ask);
        return;
      }
      // The PasswordMessage arrived: refuse it as PostgreSQL does.
      const fields = Buffer.concat([
        ...[
          ['S', 'FATAL'],
          ['V', 'FATAL'],
          ['C', '28P01'],
          ['M', 'password authentication failed for user "ann"'],
        ].map(([k, v]) => Buffer.from(`${k}${v}\0`)),
        Buffer.from('\0'),
      ]);
      const head = Buffer.alloc(5);
      head.write('E', 0);
      head.writeInt32BE(fields.length + 4, 1);
      socket.end(Buffer.concat([head, fields]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
