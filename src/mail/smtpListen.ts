/**
 * An SMTP server (smtp-server) listening, and kept alive through its clients afterwards.
 * smtp-server passes a connection's socket error on to the server's own `error` event when it
 * happens mid-transaction (a client that resets its connection between MAIL FROM and the end of
 * DATA, as one does when its process is killed while sending); with no listener that event is an
 * uncaught exception, and one broken client would end the process that runs the server. A
 * listener only for the listen itself (the usual `once('error', reject)`) is spent by the first.
 */
import type { SMTPServer } from 'smtp-server'

export function listenSmtp(server: SMTPServer, port: number, host: string, onClientError: (error: Error) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      server.on('error', onClientError)
      resolve()
    })
  })
}
