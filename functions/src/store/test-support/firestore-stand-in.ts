/** The in-process Firestore stand-in (`@firestore-emulator/server`) for tests of the Firestore adapter and what uses it. */
import { createRequire } from 'node:module';
import { FirestoreServer } from '@firestore-emulator/server';

/**
 * Starts the stand-in on a free loopback port. Its start(port) binds every interface, so we
 * bind its gRPC server (a private field, the package's only server) to 127.0.0.1 ourselves.
 */
export async function startStandIn(): Promise<{ host: string; stop(): void }> {
  const emulator = new FirestoreServer();
  const server = (emulator as unknown as { server: GrpcServer }).server;
  // Credentials must come from the stand-in's own copy of @grpc/grpc-js.
  const grpc = createRequire(import.meta.resolve('@firestore-emulator/server'))('@grpc/grpc-js') as GrpcModule;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { host: `127.0.0.1:${port}`, stop: () => emulator.stop() };
}

interface GrpcServer {
  bindAsync(address: string, credentials: unknown, callback: (error: Error | null, port: number) => void): void;
}
interface GrpcModule {
  ServerCredentials: { createInsecure(): unknown };
}

