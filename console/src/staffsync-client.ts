/**
 * A small client for the StaffSync wire protocol (docs/protocol.md), over STOMP with `@stomp/stompjs`
 * and the HTTP query API with `fetch`. The console uses nothing else, so a frontend team can copy this file.
 *
 * What it does for you:
 * - connects with a bearer token (`Authorization` in the CONNECT frame and on every HTTP request);
 * - reconnects by itself with exponential backoff, and after each reconnect subscribes again to every change
 *   topic with `resume-from` set to the last position that subscription applied, so nothing is missed and
 *   nothing comes twice;
 * - sends commands with a fresh `commandId` and resolves each with its one reply from `/user/queue/replies`;
 *   a command still unanswered when the connection drops is sent again with the same `commandId` after the
 *   reconnect (the server answers `DUPLICATE` if the first copy was stored);
 * - hands `RESYNC_REQUIRED` to the subscriber, which reloads through the HTTP query API.
 *
 * ```ts
 * const { token } = await StaffSyncClient.login('alice', 'alice');       // POST /api/dev/token (development)
 * const client = new StaffSyncClient({ token });
 * client.connect();
 * const staff = new Map<string, StaffMember>();
 * const keep = (m: StaffMember) => { if ((staff.get(m.staffId)?.version ?? -1) < m.version) staff.set(m.staffId, m); };
 * client.subscribeChanges('/topic/staff', (change) => keep(change.state!), {
 *   onResync: async () => (await client.listStaff()).forEach(keep),
 * });
 * (await client.listStaff()).forEach(keep);
 * const reply = await client.updateStaff('s1', staff.get('s1')!.version, { role: 'Lead' }, 'USER_CHOICE');
 * ```
 */
import { Client, ReconnectionTimeMode, type IFrame, type IMessage, type StompSubscription } from '@stomp/stompjs';

// ---------------------------------------------------------------------------------------------------------
// Wire types: the JSON of the records in api/src/main/java/io/staffsync/api/staff/ (see docs/protocol.md)

export const STAFF_FIELDS = [
  'firstName', 'lastName', 'email', 'phone', 'role', 'department', 'employmentType', 'weeklyHours', 'skills', 'notes',
] as const;
export type StaffFieldName = (typeof STAFF_FIELDS)[number];
export type FieldValue = string | number | string[] | null;

export interface StaffMember {
  staffId: string;
  version: number;
  active: boolean;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  role: string | null;
  department: string | null;
  employmentType: 'FULL_TIME' | 'PART_TIME' | 'CONTRACTOR' | null;
  weeklyHours: number | null;
  skills: string[];
  notes: string | null;
}

export type ConflictStrategy = 'LAST_WRITER_WINS' | 'FIRST_WRITER_WINS' | 'MERGE_CHANGES' | 'USER_CHOICE';
export type FieldOutcome = 'MINE' | 'THEIRS' | 'MERGED' | 'EXPLICIT' | 'REJECTED' | 'PENDING';

export interface FieldConflict {
  field: StaffFieldName;
  base: FieldValue;
  theirs: FieldValue;
  mine: FieldValue;
  theirsVersion: number;
  theirsActor: string;
  outcome: FieldOutcome;
  result: FieldValue;
}

export interface ConflictOutcome {
  strategy: ConflictStrategy;
  basedOnVersion: number;
  currentVersion: number;
  contested: FieldConflict[];
  conflictId: string | null;
}

export type ChangeType =
  | 'REGISTERED' | 'UPDATED' | 'DEACTIVATED' | 'REACTIVATED'
  | 'CONFLICT_RAISED' | 'CONFLICT_RESOLVED' | 'CONFLICT_EXPIRED' | 'RESYNC_REQUIRED';

export interface FieldChange {
  field: StaffFieldName;
  oldValue: FieldValue;
  newValue: FieldValue;
}

/** A `StaffChangeMessage`: one stored event, pushed on the change topics. */
export interface StaffChange {
  position: number;
  staffId: string;
  version: number;
  type: ChangeType;
  changes: FieldChange[];
  state: StaffMember | null;
  actor: string | null;
  clientId: string | null;
  commandId: string | null;
  occurredAt: string | null;
  conflict: ConflictOutcome | null;
}

export type CommandStatus = 'ACCEPTED' | 'REJECTED' | 'CONFLICT' | 'DUPLICATE' | 'PENDING_CHOICE';

export interface CommandError {
  code: string;
  message: string;
  field: string | null;
}

/** A `CommandReply`: the one answer to each command. */
export interface CommandReply {
  commandId?: string;
  status: CommandStatus;
  staffId?: string;
  version?: number;
  position?: number;
  error?: CommandError;
  state?: StaffMember;
  conflict?: ConflictOutcome;
}

export interface PresenceViewer {
  user: string;
  clientId: string;
  editing: boolean;
  since: string;
}

export interface PresenceMessage {
  staffId: string;
  viewers: PresenceViewer[];
}

export type ChoiceKind = 'MINE' | 'THEIRS' | 'VALUE';
export type FieldChoice = { choice: 'MINE' | 'THEIRS' } | { choice: 'VALUE'; value: FieldValue };

/** A `StaffConflictView` from `GET /api/conflicts`. */
export interface StaffConflictView {
  conflictId: string;
  staffId: string;
  status: 'PENDING' | 'RESOLVED' | 'EXPIRED';
  raisedBy: string;
  raisedAt: string;
  raisedAtVersion: number;
  expiresAt: string;
  fallback: ConflictStrategy;
  settledBy: string | null;
  settledAt: string | null;
  conflict: ConflictOutcome;
}

export interface DevToken {
  token: string;
  expiresAt: string;
}

// ---------------------------------------------------------------------------------------------------------
// Connection status

export type ConnectionState =
  | 'idle'          // not started
  | 'connecting'    // first connection attempt
  | 'live'          // connected and subscribed
  | 'reconnecting'  // lost the connection, trying again with backoff
  | 'auth-failed'   // the server refused the token: log in again
  | 'closed';       // disconnect() was called

export interface ConnectionStatus {
  state: ConnectionState;
  /** The user the server says we are (CONNECTED `user-name`), once connected. */
  user: string | null;
  /** How many times the connection was re-established after a drop. */
  reconnects: number;
  /** The last error: a STOMP ERROR message or a WebSocket close reason. */
  lastError: string | null;
}

/** Progress of a subscription that resumed after a reconnect. */
export interface CatchUp {
  destination: string;
  fromPosition: number;
  /** Changes received since the resumed SUBSCRIBE (the catch-up, then live changes on this connection). */
  received: number;
  /**
   * No change arrived for a moment (`catchUpQuietMs`): the catch-up has most likely ended. The protocol does not
   * announce the end of a catch-up, so this is a heuristic for display; correctness never depends on it.
   */
  done: boolean;
}

export class CommandFailed extends Error {}

export interface StaffSyncClientOptions {
  /** The bearer token, or a function called before every (re)connect so an expired token can be replaced. */
  token: string | (() => string | Promise<string>);
  /** The server's HTTP origin; defaults to the page's own origin. */
  baseUrl?: string;
  /** The STOMP endpoint path (`staffsync.websocket.endpoint`). */
  endpoint?: string;
  /** First reconnect delay; it doubles on each failed attempt up to `maxReconnectDelayMs`. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** How long a command waits for its reply before its promise is rejected. */
  replyTimeoutMs?: number;
  /** After a resumed SUBSCRIBE, a catch-up is reported done when no change arrived for this long. */
  catchUpQuietMs?: number;
  /** Receives @stomp/stompjs's debug log. */
  debug?: (message: string) => void;
}

export interface ChangeSubscriptionOptions {
  /** Start by replaying from this position (`0`: the whole log). Without it, live changes only. */
  resumeFrom?: number;
  /**
   * The server could not serve the requested position (docs/protocol.md, RESYNC_REQUIRED). The subscription
   * stays and live changes after `position` follow; reload what you show through the HTTP query API.
   */
  onResync?: (position: number) => void;
}

export interface ChangeSubscription {
  readonly destination: string;
  /** The position of the last change handed to the handler, or null if none yet. */
  readonly lastPosition: number | null;
  unsubscribe(): void;
}

export interface PresenceSubscription {
  unsubscribe(): void;
}

interface PendingCommand {
  destination: string;
  body: Record<string, unknown>;
  resolve: (reply: CommandReply) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface ChangeSubscriptionState extends ChangeSubscription {
  handler: (change: StaffChange) => void;
  options: ChangeSubscriptionOptions;
  stomp: StompSubscription | null;
  catchUp: CatchUp | null;
  quietTimer: ReturnType<typeof setTimeout> | null;
  active: boolean;
  lastPosition: number | null;
}

interface PresenceState {
  staffId: string;
  handler: (presence: PresenceMessage) => void;
  stomp: StompSubscription | null;
  active: boolean;
}

const REPLIES = '/user/queue/replies';

/** The StaffSync client: one STOMP connection, its subscriptions, commands and the HTTP query API. */
export class StaffSyncClient {
  private readonly stomp: Client;
  private readonly baseUrl: string;
  private readonly options: StaffSyncClientOptions;
  private readonly changeSubscriptions = new Set<ChangeSubscriptionState>();
  private readonly presenceSubscriptions = new Set<PresenceState>();
  private readonly pending = new Map<string, PendingCommand>();
  private readonly editing = new Set<string>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly catchUpListeners = new Set<(catchUp: CatchUp) => void>();
  private currentToken = '';
  private everConnected = false;
  private status: ConnectionStatus = { state: 'idle', user: null, reconnects: 0, lastError: null };

  constructor(options: StaffSyncClientOptions) {
    this.options = options;
    this.baseUrl = (options.baseUrl ?? globalThis.location?.origin ?? '').replace(/\/$/, '');
    const wsUrl = this.baseUrl.replace(/^http/, 'ws') + (options.endpoint ?? '/ws');
    this.stomp = new Client({
      brokerURL: wsUrl,
      reconnectDelay: options.reconnectDelayMs ?? 500,
      maxReconnectDelay: options.maxReconnectDelayMs ?? 10_000,
      reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
      heartbeatIncoming: 10_000,
      heartbeatOutgoing: 10_000,
      debug: options.debug ?? (() => undefined),
    });
    this.stomp.beforeConnect = async () => {
      this.currentToken = typeof options.token === 'function' ? await options.token() : options.token;
      this.stomp.connectHeaders = { Authorization: `Bearer ${this.currentToken}` };
      this.setStatus({ state: this.everConnected ? 'reconnecting' : 'connecting' });
    };
    this.stomp.onConnect = (frame) => this.onConnected(frame);
    this.stomp.onStompError = (frame) => this.onStompError(frame);
    this.stomp.onWebSocketClose = (event) => this.onClosed(event);
  }

  /** `POST /api/dev/token` with HTTP Basic: a development token (only where the server enables it). */
  static async login(user: string, password: string, baseUrl = globalThis.location?.origin ?? ''): Promise<DevToken> {
    const response = await fetch(`${baseUrl.replace(/\/$/, '')}/api/dev/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa(`${user}:${password}`)}`,
        // asks Spring Security not to answer with WWW-Authenticate, so the browser shows no login prompt
        'X-Requested-With': 'XMLHttpRequest',
      },
    });
    if (response.status === 401) throw new CommandFailed('wrong user name or password');
    if (response.status === 404) {
      throw new CommandFailed('this server hands out no development tokens (staffsync.security.dev-tokens.enabled)');
    }
    if (!response.ok) throw new CommandFailed(`login failed: HTTP ${response.status}`);
    return (await response.json()) as DevToken;
  }

  // -------------------------------------------------------------------------------------------------------
  // Connection

  /** Starts connecting; the client keeps reconnecting until {@link disconnect}. */
  connect(): void {
    this.stomp.activate();
  }

  /** Closes the connection for good and rejects the commands still waiting for a reply. */
  async disconnect(): Promise<void> {
    for (const [id, command] of this.pending) {
      clearTimeout(command.timer);
      command.reject(new CommandFailed('disconnected before the reply arrived'));
      this.pending.delete(id);
    }
    await this.stomp.deactivate();
    this.setStatus({ state: 'closed' });
  }

  /** Drops the WebSocket without a DISCONNECT frame, as a network failure would; the client reconnects. */
  dropConnection(): void {
    this.stomp.forceDisconnect();
  }

  get connectionStatus(): ConnectionStatus {
    return this.status;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  /** Reports the progress of each resumed subscription after a reconnect. */
  onCatchUp(listener: (catchUp: CatchUp) => void): () => void {
    this.catchUpListeners.add(listener);
    return () => this.catchUpListeners.delete(listener);
  }

  private onConnected(frame: IFrame): void {
    const reconnected = this.everConnected;
    this.everConnected = true;
    // replies first: frames are handled in order, so a command sent right after cannot lose its reply
    this.stomp.subscribe(REPLIES, (message) => this.onReply(message));
    for (const subscription of this.changeSubscriptions) this.subscribeChangesNow(subscription, reconnected);
    for (const presence of this.presenceSubscriptions) this.subscribePresenceNow(presence);
    for (const staffId of this.editing) this.publish('/app/presence.editing', { staffId, editing: true });
    for (const command of this.pending.values()) this.publish(command.destination, command.body);
    this.setStatus({
      state: 'live',
      user: frame.headers['user-name'] ?? null,
      reconnects: this.status.reconnects + (reconnected ? 1 : 0),
      lastError: null,
    });
  }

  private onStompError(frame: IFrame): void {
    const message = frame.headers.message ?? 'STOMP error';
    if (message.startsWith('authentication failed') || message.startsWith('CONNECT needs')) {
      // reconnecting with the same token would fail the same way
      void this.stomp.deactivate();
      this.setStatus({ state: 'auth-failed', lastError: message });
    } else {
      this.setStatus({ lastError: message });
    }
  }

  private onClosed(event: CloseEvent): void {
    for (const subscription of this.changeSubscriptions) {
      subscription.stomp = null;
      this.finishCatchUp(subscription, false);
    }
    for (const presence of this.presenceSubscriptions) presence.stomp = null;
    if (this.status.state === 'auth-failed' || this.status.state === 'closed' || !this.stomp.active) return;
    this.setStatus({
      state: this.everConnected ? 'reconnecting' : 'connecting',
      lastError: event.reason ? `connection closed: ${event.reason} (${event.code})` : `connection closed (${event.code})`,
    });
  }

  private setStatus(update: Partial<ConnectionStatus>): void {
    this.status = { ...this.status, ...update };
    for (const listener of this.statusListeners) listener(this.status);
  }

  // -------------------------------------------------------------------------------------------------------
  // Change subscriptions

  /**
   * Subscribes to a change topic (`/topic/staff`, `/topic/staff.{staffId}`, `/topic/staff.department.{name}`).
   * The handler gets every change in position order; after a reconnect the subscription resumes from the
   * last position it handed to the handler.
   */
  subscribeChanges(
    destination: string,
    handler: (change: StaffChange) => void,
    options: ChangeSubscriptionOptions = {},
  ): ChangeSubscription {
    const subscription: ChangeSubscriptionState = {
      destination,
      handler,
      options,
      stomp: null,
      catchUp: null,
      quietTimer: null,
      active: true,
      lastPosition: null,
      unsubscribe: () => {
        subscription.active = false;
        this.changeSubscriptions.delete(subscription);
        if (subscription.quietTimer) clearTimeout(subscription.quietTimer);
        if (subscription.stomp && this.stomp.connected) subscription.stomp.unsubscribe();
      },
    };
    this.changeSubscriptions.add(subscription);
    if (this.stomp.connected) this.subscribeChangesNow(subscription, false);
    return subscription;
  }

  private subscribeChangesNow(subscription: ChangeSubscriptionState, resumed: boolean): void {
    const headers: Record<string, string> = {};
    const from = subscription.lastPosition ?? subscription.options.resumeFrom;
    if (from !== undefined && from !== null) headers['resume-from'] = String(from);
    subscription.stomp = this.stomp.subscribe(
      subscription.destination,
      (message) => this.onChange(subscription, message),
      headers,
    );
    if (resumed && subscription.lastPosition !== null) {
      subscription.catchUp = {
        destination: subscription.destination, fromPosition: subscription.lastPosition, received: 0, done: false,
      };
      this.emitCatchUp(subscription.catchUp);
      this.armQuietTimer(subscription);
    }
  }

  private onChange(subscription: ChangeSubscriptionState, message: IMessage): void {
    if (!subscription.active) return;
    const change = JSON.parse(message.body) as StaffChange;
    if (change.type === 'RESYNC_REQUIRED') {
      subscription.lastPosition = change.position;
      subscription.options.onResync?.(change.position);
      return;
    }
    if (subscription.lastPosition !== null && change.position <= subscription.lastPosition) return;
    subscription.handler(change);
    // only after the change was applied, so a drop in the middle of a catch-up resumes where it stopped
    subscription.lastPosition = change.position;
    if (subscription.catchUp) {
      // counted for the whole connection: a catch-up slower than the quiet time simply turns "not done" again
      subscription.catchUp.received++;
      subscription.catchUp.done = false;
      this.emitCatchUp(subscription.catchUp);
      this.armQuietTimer(subscription);
    }
  }

  private armQuietTimer(subscription: ChangeSubscriptionState): void {
    if (subscription.quietTimer) clearTimeout(subscription.quietTimer);
    subscription.quietTimer = setTimeout(() => this.finishCatchUp(subscription, true),
      this.options.catchUpQuietMs ?? 750);
  }

  private finishCatchUp(subscription: ChangeSubscriptionState, done: boolean): void {
    if (subscription.quietTimer) clearTimeout(subscription.quietTimer);
    subscription.quietTimer = null;
    if (subscription.catchUp && !subscription.catchUp.done && done) {
      subscription.catchUp.done = true;
      this.emitCatchUp(subscription.catchUp);
    }
    if (!done) subscription.catchUp = null;
  }

  private emitCatchUp(catchUp: CatchUp): void {
    for (const listener of this.catchUpListeners) listener({ ...catchUp });
  }

  // -------------------------------------------------------------------------------------------------------
  // Presence

  /** Who views or edits a staff member; the first message is the current list. */
  subscribePresence(staffId: string, handler: (presence: PresenceMessage) => void): PresenceSubscription {
    const presence: PresenceState = { staffId, handler, stomp: null, active: true };
    this.presenceSubscriptions.add(presence);
    if (this.stomp.connected) this.subscribePresenceNow(presence);
    return {
      unsubscribe: () => {
        presence.active = false;
        this.presenceSubscriptions.delete(presence);
        if (presence.stomp && this.stomp.connected) presence.stomp.unsubscribe();
      },
    };
  }

  private subscribePresenceNow(presence: PresenceState): void {
    presence.stomp = this.stomp.subscribe(`/topic/staff.${presence.staffId}.presence`, (message) => {
      if (presence.active) presence.handler(JSON.parse(message.body) as PresenceMessage);
    });
  }

  /**
   * Says whether this connection is editing a staff member (`/app/presence.editing`). It counts only while
   * subscribed to `/topic/staff.{staffId}`, and it is said again after a reconnect.
   */
  setEditing(staffId: string, editing: boolean): void {
    if (editing) this.editing.add(staffId);
    else this.editing.delete(staffId);
    if (this.stomp.connected) this.publish('/app/presence.editing', { staffId, editing });
  }

  // -------------------------------------------------------------------------------------------------------
  // Commands

  /**
   * Sends a command to `destination` and resolves with its one reply. A `commandId` is added if the body
   * has none. While disconnected the command waits, and it is (re)sent with the same `commandId` on the
   * next connection, which makes a retry safe.
   */
  send(destination: string, body: Record<string, unknown>): Promise<CommandReply> {
    const command = { ...body, commandId: (body.commandId as string | undefined) ?? crypto.randomUUID() };
    const commandId = command.commandId;
    return new Promise<CommandReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(commandId);
        reject(new CommandFailed(`no reply to command ${commandId} within ${this.options.replyTimeoutMs ?? 30_000} ms`));
      }, this.options.replyTimeoutMs ?? 30_000);
      this.pending.set(commandId, { destination, body: command, resolve, reject, timer });
      if (this.stomp.connected) this.publish(destination, command);
    });
  }

  createStaff(fields: Partial<Record<StaffFieldName, FieldValue>>, staffId?: string): Promise<CommandReply> {
    return this.send('/app/staff.create', { staffId, fields });
  }

  /** A patch: only `changes` are touched (`null` clears). `expectedVersion` is the version the edit started from. */
  updateStaff(staffId: string, expectedVersion: number, changes: Partial<Record<StaffFieldName, FieldValue>>,
              strategy?: ConflictStrategy, reason?: string): Promise<CommandReply> {
    return this.send('/app/staff.update', { staffId, expectedVersion, changes, strategy, reason });
  }

  deactivateStaff(staffId: string, expectedVersion: number, reason?: string): Promise<CommandReply> {
    return this.send('/app/staff.deactivate', { staffId, expectedVersion, reason });
  }

  reactivateStaff(staffId: string, expectedVersion: number, reason?: string): Promise<CommandReply> {
    return this.send('/app/staff.reactivate', { staffId, expectedVersion, reason });
  }

  /** Settles a pending USER_CHOICE conflict; `expectedVersion` must be the staff member's current version. */
  resolveConflict(staffId: string, expectedVersion: number, conflictId: string,
                  choices: Partial<Record<StaffFieldName, FieldChoice>>, reason?: string): Promise<CommandReply> {
    return this.send('/app/conflict.resolve', { staffId, expectedVersion, conflictId, choices, reason });
  }

  private onReply(message: IMessage): void {
    const reply = JSON.parse(message.body) as CommandReply;
    const command = reply.commandId ? this.pending.get(reply.commandId) : undefined;
    if (!command || !reply.commandId) return;
    clearTimeout(command.timer);
    this.pending.delete(reply.commandId);
    command.resolve(reply);
  }

  private publish(destination: string, body: unknown): void {
    this.stomp.publish({ destination, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  }

  // -------------------------------------------------------------------------------------------------------
  // HTTP query API

  /** GET a JSON resource with the bearer token; `undefined` for 404. Other failures throw. */
  async getJson<T>(path: string): Promise<T | undefined> {
    if (!this.currentToken) {
      this.currentToken = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    }
    const response = await fetch(this.baseUrl + path, {
      headers: {
        Authorization: `Bearer ${this.currentToken}`,
        Accept: 'application/json',
        'X-Requested-With': 'XMLHttpRequest',
      },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new CommandFailed(`GET ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }

  /** Every staff member (`GET /api/staff`, all pages). */
  async listStaff(): Promise<StaffMember[]> {
    const all: StaffMember[] = [];
    const size = 500;
    for (let page = 0; ; page++) {
      const result = await this.getJson<{ items: StaffMember[]; totalItems: number }>(
        `/api/staff?page=${page}&size=${size}`);
      if (!result) return all;
      all.push(...result.items);
      if ((page + 1) * size >= result.totalItems || result.items.length === 0) return all;
    }
  }

  getStaff(staffId: string): Promise<StaffMember | undefined> {
    return this.getJson<StaffMember>(`/api/staff/${encodeURIComponent(staffId)}`);
  }

  async listConflicts(filter: { staffId?: string; status?: 'pending' | 'resolved' | 'expired' } = {}):
    Promise<StaffConflictView[]> {
    const query = new URLSearchParams();
    if (filter.staffId) query.set('staffId', filter.staffId);
    if (filter.status) query.set('status', filter.status);
    return (await this.getJson<StaffConflictView[]>(`/api/conflicts?${query}`)) ?? [];
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers for keeping a local copy (docs/protocol.md, "Keeping a local copy")

/** Keeps whichever copy is newer: pushes and reloads may arrive in any order. Returns whether it was kept. */
export function keepNewer(staff: Map<string, StaffMember>, member: StaffMember): boolean {
  const held = staff.get(member.staffId);
  if (held && held.version >= member.version) return false;
  staff.set(member.staffId, member);
  return true;
}

/** The pending USER_CHOICE conflicts a person's change history leaves open, by conflict id. */
export function pendingConflicts(history: StaffChange[]): Map<string, StaffChange> {
  const open = new Map<string, StaffChange>();
  for (const change of [...history].sort((a, b) => a.position - b.position)) {
    const id = change.conflict?.conflictId;
    if (!id) continue;
    if (change.type === 'CONFLICT_RAISED') open.set(id, change);
    else if (change.type === 'CONFLICT_RESOLVED' || change.type === 'CONFLICT_EXPIRED') open.delete(id);
  }
  return open;
}
