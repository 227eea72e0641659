import { beforeEach, describe, expect, it, vi } from 'vitest';
import { StaffSyncClient, type StaffChange } from './staffsync-client';

// The STOMP transport is replaced by a recorder, so the client's own bookkeeping (which position each subscription
// resumes from, what a RESYNC_REQUIRED does) can be checked frame by frame. The real server path is covered by
// ConsoleBrowserIT in the app module.
const transport = vi.hoisted(() => ({ clients: [] as FakeClient[] }));

interface Recorded {
  destination: string;
  headers: Record<string, string>;
  deliver: (change: Partial<StaffChange>) => void;
}

interface FakeClient {
  connected: boolean;
  subscriptions: Recorded[];
  onConnect?: (frame: { headers: Record<string, string> }) => void;
  onWebSocketClose?: (event: { code: number; reason: string }) => void;
}

vi.mock('@stomp/stompjs', () => {
  class Client {
    connected = false;
    active = false;
    connectHeaders: Record<string, string> = {};
    subscriptions: Recorded[] = [];
    beforeConnect?: () => Promise<void>;
    onConnect?: (frame: { headers: Record<string, string> }) => void;
    onStompError?: unknown;
    onWebSocketClose?: (event: { code: number; reason: string }) => void;

    constructor() {
      transport.clients.push(this);
    }

    async activate() {
      this.active = true;
      await this.beforeConnect?.();
      this.connected = true;
      this.onConnect?.({ headers: { 'user-name': 'alice' } });
    }

    subscribe(destination: string, callback: (message: { body: string }) => void, headers: Record<string, string> = {}) {
      const recorded: Recorded = {
        destination,
        headers,
        deliver: (change) => callback({ body: JSON.stringify(change) }),
      };
      this.subscriptions.push(recorded);
      return { id: String(this.subscriptions.length), unsubscribe: () => undefined };
    }

    publish() {}

    forceDisconnect() {
      this.connected = false;
      this.onWebSocketClose?.({ code: 1006, reason: '' });
    }

    async deactivate() {
      this.active = false;
      this.connected = false;
    }
  }
  return { Client, ReconnectionTimeMode: { EXPONENTIAL: 1 } };
});

const change = (position: number, type: StaffChange['type'] = 'UPDATED'): Partial<StaffChange> => ({
  position, staffId: 's1', version: position, type, changes: [], state: null as never, actor: 'bob',
});

async function connected(): Promise<{ client: StaffSyncClient; stomp: FakeClient }> {
  const client = new StaffSyncClient({ token: 'token', baseUrl: 'http://localhost:8080', catchUpQuietMs: 10 });
  const stomp = transport.clients[transport.clients.length - 1];
  client.connect();
  await vi.waitFor(() => expect(stomp.connected).toBe(true));
  return { client, stomp };
}

const lastSubscription = (stomp: FakeClient, destination: string) =>
  stomp.subscriptions.filter((s) => s.destination === destination).at(-1)!;

describe('change subscriptions', () => {
  beforeEach(() => {
    transport.clients.length = 0;
  });

  it('resume from the last position handed to the handler after a reconnect, and skip what came before it', async () => {
    const { client, stomp } = await connected();
    const seen: number[] = [];
    const subscription = client.subscribeChanges('/topic/staff', (c) => seen.push(c.position), { resumeFrom: 5 });
    expect(lastSubscription(stomp, '/topic/staff').headers).toEqual({ 'resume-from': '5' });

    const first = lastSubscription(stomp, '/topic/staff');
    first.deliver(change(6));
    first.deliver(change(7));
    first.deliver(change(7));
    expect(seen).toEqual([6, 7]);
    expect(subscription.lastPosition).toBe(7);

    stomp.connected = false;
    stomp.onWebSocketClose?.({ code: 1006, reason: '' });
    stomp.connected = true;
    stomp.onConnect?.({ headers: { 'user-name': 'alice' } });
    const resumed = lastSubscription(stomp, '/topic/staff');
    expect(resumed).not.toBe(first);
    expect(resumed.headers).toEqual({ 'resume-from': '7' });
    resumed.deliver(change(7));
    resumed.deliver(change(8));
    expect(seen).toEqual([6, 7, 8]);
  });

  it('hand RESYNC_REQUIRED to onResync, not to the handler, and go on after its position', async () => {
    const { client, stomp } = await connected();
    const seen: number[] = [];
    const resyncs: number[] = [];
    client.subscribeChanges('/topic/staff.s1', (c) => seen.push(c.position),
      { resumeFrom: 1, onResync: (position) => resyncs.push(position) });
    const subscription = lastSubscription(stomp, '/topic/staff.s1');

    subscription.deliver(change(42, 'RESYNC_REQUIRED'));
    subscription.deliver(change(40));
    subscription.deliver(change(43));
    expect(resyncs).toEqual([42]);
    expect(seen).toEqual([43]);

    stomp.connected = false;
    stomp.onWebSocketClose?.({ code: 1006, reason: '' });
    stomp.connected = true;
    stomp.onConnect?.({ headers: {} });
    expect(lastSubscription(stomp, '/topic/staff.s1').headers).toEqual({ 'resume-from': '43' });
  });
});
