/**
 * The StaffSync console: a staff directory kept live from `/topic/staff`, a person's record and history from
 * `/topic/staff.{staffId}` (replayed from position 0), presence, an edit form that sends patches with
 * `expectedVersion`, and the USER_CHOICE conflict dialog. Everything goes through staffsync-client.ts.
 */
import './style.css';
import {
  type CatchUp,
  type ChangeSubscription,
  type CommandReply,
  type ConflictOutcome,
  type ConflictStrategy,
  type ConnectionStatus,
  type FieldChoice,
  type FieldValue,
  keepNewer,
  pendingConflicts,
  type PresenceSubscription,
  type PresenceViewer,
  STAFF_FIELDS,
  type StaffChange,
  type StaffFieldName,
  type StaffMember,
  StaffSyncClient,
} from './staffsync-client';

interface Session {
  user: string;
  token: string;
  expiresAt: string;
}

interface EditState {
  base: StaffMember;
  /** Changes by others that arrived while this form was open. */
  foreign: StaffChange[];
}

interface Detail {
  staffId: string;
  subscription: ChangeSubscription;
  presence: PresenceSubscription;
  history: StaffChange[];
  current: StaffMember | null;
  viewers: PresenceViewer[];
  edit: EditState | null;
  resynced: boolean;
}

interface OpenConflict {
  staffId: string;
  conflict: ConflictOutcome;
  raisedBy: string | null;
  /** The version the raised conflict took: the resolution is decided on this version or a later one. */
  raisedAtVersion: number;
}

const LABELS: Record<StaffFieldName, string> = {
  firstName: 'First name', lastName: 'Last name', email: 'Email', phone: 'Phone', role: 'Role',
  department: 'Department', employmentType: 'Employment', weeklyHours: 'Weekly hours', skills: 'Skills', notes: 'Notes',
};
const FLASH_MS = 4000;
const SESSION_KEY = 'staffsync.session';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let client: StaffSyncClient | null = null;
let session: Session | null = null;
const staff = new Map<string, StaffMember>();
const changedAt = new Map<string, number>();
const flashes = new Map<string, { until: number; fields: Set<string>; actor: string | null }>();
let detail: Detail | null = null;
let openConflict: OpenConflict | null = null;
const catchUps = new Map<string, CatchUp>();
let renderQueued = false;

// ---------------------------------------------------------------------------------------------------------
// Session

function start(): void {
  const saved = sessionStorage.getItem(SESSION_KEY);
  if (saved) {
    const parsed = JSON.parse(saved) as Session;
    if (Date.parse(parsed.expiresAt) > Date.now() + 10_000) {
      enter(parsed);
      return;
    }
  }
  showLogin('');
}

function showLogin(message: string): void {
  $('console-view').hidden = true;
  $('login-view').hidden = false;
  $('logout').hidden = true;
  $('drop-connection').hidden = true;
  $('whoami').textContent = '';
  $('login-error').textContent = message;
  setConnection({ state: 'idle', user: null, reconnects: 0, lastError: null });
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const user = (form.elements.namedItem('user') as HTMLInputElement).value.trim();
  const password = (form.elements.namedItem('password') as HTMLInputElement).value;
  $('login-error').textContent = '';
  try {
    const token = await StaffSyncClient.login(user, password);
    const next = { user, token: token.token, expiresAt: token.expiresAt };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
    form.reset();
    enter(next);
  } catch (error) {
    $('login-error').textContent = (error as Error).message;
  }
});

$('logout').addEventListener('click', () => void logout(''));

async function logout(message: string): Promise<void> {
  sessionStorage.removeItem(SESSION_KEY);
  closeDetail();
  closeConflictDialog();
  const old = client;
  client = null;
  session = null;
  staff.clear();
  await old?.disconnect();
  showLogin(message);
}

function enter(next: Session): void {
  session = next;
  $('login-view').hidden = true;
  $('console-view').hidden = false;
  $('logout').hidden = false;
  $('drop-connection').hidden = false;
  $('whoami').textContent = next.user;
  const created = new StaffSyncClient({ token: next.token });
  client = created;
  created.onStatus((status) => {
    if (client !== created) return;
    setConnection(status);
    if (status.state === 'auth-failed') void logout('Your session has ended. Log in again.');
  });
  created.onCatchUp((catchUp) => {
    catchUps.set(catchUp.destination, catchUp);
    renderCatchUp();
  });
  created.subscribeChanges('/topic/staff', onDirectoryChange, { onResync: () => void reloadDirectory() });
  created.connect();
  // the read model trails the pushes by a moment and says nothing of its position: a change just before the
  // subscription took effect may be missing from the first load, so load once more (docs/protocol.md)
  void reloadDirectory().then(() => setTimeout(() => void reloadDirectory(), 3000));
}

$('drop-connection').addEventListener('click', () => client?.dropConnection());

function setConnection(status: ConnectionStatus): void {
  const badge = $('connection');
  badge.dataset.state = status.state;
  badge.dataset.reconnects = String(status.reconnects);
  const text: Record<ConnectionStatus['state'], string> = {
    idle: 'not connected',
    connecting: 'connecting…',
    live: status.reconnects > 0 ? `live (reconnected ${status.reconnects}×)` : 'live',
    reconnecting: 'connection lost, reconnecting…',
    'auth-failed': 'login expired',
    closed: 'disconnected',
  };
  badge.textContent = text[status.state];
  badge.title = status.lastError ?? '';
  if (status.state === 'reconnecting') {
    catchUps.clear();
    renderCatchUp();
  }
}

function renderCatchUp(): void {
  const element = $('catch-up');
  if (catchUps.size === 0) {
    element.hidden = true;
    return;
  }
  const all = [...catchUps.values()];
  const received = all.reduce((sum, c) => sum + c.received, 0);
  const from = Math.min(...all.map((c) => c.fromPosition));
  const done = all.every((c) => c.done);
  element.hidden = false;
  element.dataset.done = String(done);
  element.dataset.received = String(received);
  element.textContent = done
    ? `caught up: ${received} change${received === 1 ? '' : 's'} since position ${from}`
    : `catching up from position ${from}… ${received} so far`;
}

// ---------------------------------------------------------------------------------------------------------
// Directory

async function reloadDirectory(): Promise<void> {
  const reloading = client;
  if (!reloading) return;
  try {
    for (const member of await reloading.listStaff()) keepNewer(staff, member);
    queueRender();
  } catch (error) {
    toast(`Could not load the directory: ${(error as Error).message}`, 'error');
  }
}

function onDirectoryChange(change: StaffChange): void {
  if (!change.state || !keepNewer(staff, change.state)) return;
  changedAt.set(change.staffId, Date.now());
  const fields = new Set<string>(change.changes.map((c) => c.field));
  flashes.set(change.staffId, { until: Date.now() + FLASH_MS, fields, actor: change.actor });
  setTimeout(queueRender, FLASH_MS + 50);
  queueRender();
}

function queueRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    renderDirectory();
  });
}

function renderDirectory(): void {
  const filter = ($('filter') as HTMLInputElement).value.trim().toLowerCase();
  const sort = ($('sort') as HTMLSelectElement).value;
  const text = (v: string | null) => (v ?? '').toLowerCase();
  const rows = [...staff.values()]
    .filter((m) => !filter || [m.firstName, m.lastName, m.email, m.role, m.department, m.staffId]
      .some((v) => text(v).includes(filter)))
    .sort((a, b) => {
      const name = `${a.lastName} ${a.firstName} ${a.staffId}`.localeCompare(`${b.lastName} ${b.firstName} ${b.staffId}`);
      if (sort === 'department') return text(a.department).localeCompare(text(b.department)) || name;
      if (sort === 'role') return text(a.role).localeCompare(text(b.role)) || name;
      if (sort === 'updated') return (changedAt.get(b.staffId) ?? 0) - (changedAt.get(a.staffId) ?? 0) || name;
      return name;
    });
  const now = Date.now();
  const cell = (field: string, value: string, flash: Set<string> | undefined) =>
    `<td data-field="${field}"${flash?.has(field) ? ' class="changed"' : ''}>${escapeHtml(value)}</td>`;
  $('directory-rows').innerHTML = rows.map((m) => {
    const flash = flashes.get(m.staffId);
    const live = flash && flash.until > now ? flash.fields : undefined;
    const classes = [live ? 'flash' : '', m.active ? '' : 'inactive', detail?.staffId === m.staffId ? 'selected' : '']
      .filter(Boolean).join(' ');
    const nameChanged = live && (live.has('firstName') || live.has('lastName'));
    return `<tr data-staff-id="${escapeHtml(m.staffId)}" data-version="${m.version}" class="${classes}"
        title="${live && flash?.actor ? `changed by ${escapeHtml(flash.actor)}` : ''}">
      <td data-field="name"${nameChanged ? ' class="changed"' : ''}>${escapeHtml(`${m.firstName} ${m.lastName}`)}${m.active ? '' : ' <small>(inactive)</small>'}</td>
      ${cell('email', m.email, live)}${cell('role', m.role ?? '', live)}
      ${cell('department', m.department ?? '', live)}<td class="version">${m.version}</td></tr>`;
  }).join('');
  $('directory-empty').hidden = staff.size > 0;
}

$('filter').addEventListener('input', queueRender);
$('sort').addEventListener('change', queueRender);
$('directory-rows').addEventListener('click', (event) => {
  const row = (event.target as HTMLElement).closest('tr');
  if (row?.dataset.staffId) openDetail(row.dataset.staffId);
});

// ---------------------------------------------------------------------------------------------------------
// One staff member: record, presence, history

function openDetail(staffId: string): void {
  if (!client) return;
  if (detail?.staffId === staffId) return;
  closeDetail();
  $('create').hidden = true;
  const opened: Detail = {
    staffId,
    history: [],
    current: staff.get(staffId) ?? null,
    viewers: [],
    edit: null,
    resynced: false,
    // the whole history of this person, then live changes: the timeline and the record come from here
    subscription: client.subscribeChanges(`/topic/staff.${staffId}`, (change) => onDetailChange(opened, change), {
      resumeFrom: 0,
      onResync: () => void resyncDetail(opened),
    }),
    presence: client.subscribePresence(staffId, (presence) => {
      opened.viewers = presence.viewers;
      renderPresence();
    }),
  };
  detail = opened;
  $('detail').hidden = false;
  $('detail').dataset.staffId = staffId;
  $('edit-form').hidden = true;
  renderDetail();
  renderPresence();
  queueRender();
}

function closeDetail(): void {
  if (!detail) return;
  if (detail.edit) client?.setEditing(detail.staffId, false);
  detail.subscription.unsubscribe();
  detail.presence.unsubscribe();
  detail = null;
  $('detail').hidden = true;
}

function onDetailChange(target: Detail, change: StaffChange): void {
  if (detail !== target) return;
  target.history.push(change);
  const fresher = change.state && (!target.current || change.state.version > target.current.version);
  if (fresher) target.current = change.state;
  if (change.state) keepNewer(staff, change.state);
  if (target.edit && change.version > target.edit.base.version && change.type !== 'REGISTERED') {
    target.edit.foreign.push(change);
    renderEditNotice();
  }
  if (openConflict?.conflict.conflictId && change.conflict?.conflictId === openConflict.conflict.conflictId
    && (change.type === 'CONFLICT_RESOLVED' || change.type === 'CONFLICT_EXPIRED')) {
    closeConflictDialog();
    toast(change.type === 'CONFLICT_RESOLVED'
      ? `The conflict was settled by ${change.actor}.` : 'The conflict expired; the fallback settled it.');
  }
  renderDetail(fresher ? new Set(change.changes.map((c) => c.field)) : undefined);
  queueRender();
}

async function resyncDetail(target: Detail): Promise<void> {
  target.resynced = true;
  const member = await client?.getStaff(target.staffId);
  if (member && detail === target) {
    if (!target.current || member.version > target.current.version) target.current = member;
    renderDetail();
  }
}

function renderDetail(changedFields?: Set<string>): void {
  if (!detail) return;
  const m = detail.current;
  $('detail-name').textContent = m ? `${m.firstName} ${m.lastName}` : detail.staffId;
  $('detail-version').textContent = m ? `version ${m.version}${m.active ? '' : ' · inactive'}` : 'loading…';
  $('detail-version').dataset.version = m ? String(m.version) : '';
  ($('edit') as HTMLButtonElement).disabled = !m || !m.active || detail.edit !== null;
  $('detail-fields').innerHTML = m ? STAFF_FIELDS.map((field) =>
    `<div data-field="${field}"${changedFields?.has(field) ? ' class="changed"' : ''}><dt>${LABELS[field]}</dt>
     <dd>${escapeHtml(show(m[field]))}</dd></div>`).join('') : '';
  if (changedFields?.size) {
    setTimeout(() => $('detail-fields').querySelectorAll('.changed').forEach((e) => e.classList.remove('changed')),
      FLASH_MS);
  }
  renderPendingConflicts();
  renderTimeline();
}

function renderPresence(): void {
  if (!detail) return;
  const others = detail.viewers.filter((v) => v.user !== session?.user);
  const mine = detail.viewers.length - others.length;
  const items = detail.viewers.map((v) =>
    `<li data-user="${escapeHtml(v.user)}" data-editing="${v.editing}" class="${v.editing ? 'editing' : ''}">
      ${escapeHtml(v.user)}${v.user === session?.user ? ' (you)' : ''} <small>${v.editing ? 'editing' : 'viewing'}</small></li>`);
  $('presence').innerHTML = detail.viewers.length === 0 ? ''
    : `<span class="hint">${others.length === 0 ? 'Only you have this record open' : 'Here now:'}</span>
       <ul>${items.join('')}</ul>${mine > 1 ? '<span class="hint">(you in several tabs)</span>' : ''}`;
}

function renderPendingConflicts(): void {
  if (!detail) return;
  const open = [...pendingConflicts(detail.history).values()];
  $('pending-conflicts').innerHTML = open.map((raised) => {
    const c = raised.conflict!;
    return `<div class="pending-conflict" data-conflict-id="${escapeHtml(c.conflictId!)}">
      <b>Pending conflict</b> raised by ${escapeHtml(raised.actor ?? '?')} on
      ${c.contested.map((f) => escapeHtml(LABELS[f.field] ?? f.field)).join(', ')}
      <button type="button" data-resolve="${escapeHtml(c.conflictId!)}">Resolve…</button></div>`;
  }).join('');
}

$('pending-conflicts').addEventListener('click', (event) => {
  const id = (event.target as HTMLElement).dataset.resolve;
  if (!id || !detail) return;
  const raised = pendingConflicts(detail.history).get(id);
  if (raised?.conflict) {
    showConflictDialog({ staffId: detail.staffId, conflict: raised.conflict, raisedBy: raised.actor,
      raisedAtVersion: raised.version });
  }
});

function renderTimeline(): void {
  if (!detail) return;
  const entries = [...detail.history].sort((a, b) => b.position - a.position);
  const first = Math.min(...detail.history.map((c) => c.version));
  $('history-note').textContent = detail.resynced && first > 0
    ? `Versions before ${first} are further back than the server replays; this shows what followed.`
    : detail.history.length === 0 ? 'Loading…' : '';
  $('timeline').innerHTML = entries.map((change) => `
    <li data-version="${change.version}" data-type="${change.type}" data-position="${change.position}">
      <div class="entry-head"><span class="version">v${change.version}</span>
        <b>${escapeHtml(change.type.replace('_', ' ').toLowerCase())}</b>
        by ${escapeHtml(change.actor ?? '?')}
        <time datetime="${escapeHtml(change.occurredAt ?? '')}">${escapeHtml(formatTime(change.occurredAt))}</time></div>
      ${change.changes.length ? `<ul class="diffs">${change.changes.map((c) => `<li data-field="${c.field}">
        ${escapeHtml(LABELS[c.field] ?? c.field)}: <del>${escapeHtml(show(c.oldValue))}</del> → <ins>${escapeHtml(show(c.newValue))}</ins></li>`).join('')}</ul>` : ''}
      ${change.conflict ? renderConflictSummary(change.conflict) : ''}
    </li>`).join('');
}

function renderConflictSummary(conflict: ConflictOutcome): string {
  const rows = conflict.contested.map((f) => `<li data-field="${f.field}" data-outcome="${f.outcome}">
    ${escapeHtml(LABELS[f.field] ?? f.field)}: base <i>${escapeHtml(show(f.base))}</i>,
    theirs <i>${escapeHtml(show(f.theirs))}</i> (${escapeHtml(f.theirsActor)}, v${f.theirsVersion}),
    mine <i>${escapeHtml(show(f.mine))}</i> → <b>${f.outcome.toLowerCase()}</b>${f.outcome === 'PENDING' ? '' : `: ${escapeHtml(show(f.result))}`}</li>`);
  return `<div class="conflict-summary">${conflict.strategy.replaceAll('_', ' ').toLowerCase()},
    based on v${conflict.basedOnVersion} against v${conflict.currentVersion}${rows.length ? '' : ': nothing contested'}
    ${rows.length ? `<ul>${rows.join('')}</ul>` : ''}</div>`;
}

// ---------------------------------------------------------------------------------------------------------
// Editing

$('edit').addEventListener('click', () => {
  if (!detail?.current || !client) return;
  detail.edit = { base: detail.current, foreign: [] };
  client.setEditing(detail.staffId, true);
  renderEditForm($('edit-form') as HTMLFormElement, detail.current, true);
  renderDetail();
});

function renderEditForm(form: HTMLFormElement, base: StaffMember | null, update: boolean): void {
  const value = (field: StaffFieldName) => (base ? show(base[field], '') : '');
  const input = (field: StaffFieldName) => {
    if (field === 'employmentType') {
      return `<select name="${field}">${['', 'FULL_TIME', 'PART_TIME', 'CONTRACTOR'].map((t) =>
        `<option value="${t}"${value(field) === t ? ' selected' : ''}>${t ? t.replace('_', ' ').toLowerCase() : '—'}</option>`).join('')}</select>`;
    }
    if (field === 'notes') return `<textarea name="${field}" rows="2">${escapeHtml(value(field))}</textarea>`;
    const type = field === 'weeklyHours' ? 'number' : field === 'email' ? 'email' : 'text';
    return `<input name="${field}" type="${type}" value="${escapeHtml(value(field))}"${field === 'skills' ? ' placeholder="comma separated"' : ''}>`;
  };
  form.innerHTML = `
    ${update ? '' : '<label>Staff id <input name="staffId" placeholder="optional: generated if empty"></label>'}
    ${STAFF_FIELDS.map((f) => `<label data-field="${f}">${LABELS[f]} ${input(f)}</label>`).join('')}
    ${update ? `<label>If someone changed it meanwhile
      <select name="strategy">
        <option value="USER_CHOICE">let me choose (user choice)</option>
        <option value="MERGE_CHANGES">merge</option>
        <option value="LAST_WRITER_WINS">overwrite theirs (last writer wins)</option>
        <option value="FIRST_WRITER_WINS">keep theirs, refuse mine (first writer wins)</option>
      </select></label>` : ''}
    <p class="edit-notice" hidden></p>
    <p class="error" role="alert"></p>
    <div class="actions"><button type="submit">${update ? 'Save' : 'Create'}</button>
      <button type="button" class="quiet" data-cancel>Cancel</button></div>`;
  form.hidden = false;
}

function renderEditNotice(): void {
  if (!detail?.edit) return;
  const notice = $('edit-form').querySelector<HTMLElement>('.edit-notice')!;
  const by = [...new Set(detail.edit.foreign.map((c) => c.actor))].join(', ');
  const fields = [...new Set(detail.edit.foreign.flatMap((c) => c.changes.map((x) => LABELS[x.field])))];
  notice.hidden = false;
  notice.textContent = `${by} changed ${fields.length ? fields.join(', ') : 'this record'} while you were editing `
    + `(you started from version ${detail.edit.base.version}). Saving settles it by the strategy below.`;
}

function readForm(form: HTMLFormElement): Partial<Record<StaffFieldName, FieldValue>> {
  const values: Partial<Record<StaffFieldName, FieldValue>> = {};
  for (const field of STAFF_FIELDS) {
    const element = form.elements.namedItem(field) as HTMLInputElement | null;
    if (element) values[field] = parseField(field, element.value);
  }
  return values;
}

function parseField(field: StaffFieldName, raw: string): FieldValue {
  const text = raw.trim();
  if (field === 'skills') return [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))].sort();
  if (text === '') return null;
  if (field === 'weeklyHours') return Number(text);
  return text;
}

function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

$('edit-form').addEventListener('click', (event) => {
  if ((event.target as HTMLElement).dataset.cancel !== undefined) stopEditing();
});

function stopEditing(): void {
  if (!detail?.edit) return;
  client?.setEditing(detail.staffId, false);
  detail.edit = null;
  $('edit-form').hidden = true;
  renderDetail();
}

$('edit-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!detail?.edit || !client) return;
  const target = detail;
  const edit = detail.edit;
  const form = event.target as HTMLFormElement;
  const error = form.querySelector<HTMLElement>('.error')!;
  const values = readForm(form);
  const changes = Object.fromEntries(Object.entries(values)
    .filter(([field, value]) => !sameValue(value, edit.base[field as StaffFieldName])));
  if (Object.keys(changes).length === 0) {
    stopEditing();
    return;
  }
  const strategy = (form.elements.namedItem('strategy') as HTMLSelectElement).value as ConflictStrategy;
  error.textContent = '';
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  button.disabled = true;
  button.textContent = 'Saving…';
  let reply: CommandReply;
  try {
    reply = await client.updateStaff(target.staffId, edit.base.version, changes, strategy);
  } catch (failure) {
    error.textContent = (failure as Error).message;
    return;
  } finally {
    button.disabled = false;
    button.textContent = 'Save';
  }
  if (detail !== target) return;
  switch (reply.status) {
    case 'ACCEPTED':
    case 'DUPLICATE':
      stopEditing();
      toast(reply.conflict?.contested.length
        ? `Saved as version ${reply.version}; ${describeSettlement(reply.conflict)}`
        : `Saved as version ${reply.version}.`);
      break;
    case 'PENDING_CHOICE':
      stopEditing();
      showConflictDialog({ staffId: target.staffId, conflict: reply.conflict!, raisedBy: session?.user ?? null,
        raisedAtVersion: reply.version! });
      break;
    case 'CONFLICT':
      // first writer wins refused the whole edit: rebase the form on the current state and let them decide
      if (reply.state) edit.base = reply.state;
      edit.foreign = [];
      error.textContent = `Not saved: ${reply.conflict ? describeSettlement(reply.conflict) : reply.error?.message}. `
        + `The form now builds on version ${reply.state?.version ?? '?'}; save again to apply what it shows.`;
      break;
    default:
      error.textContent = `${reply.error?.code}: ${reply.error?.message}`;
      if (reply.error?.field) form.querySelector(`[data-field="${reply.error.field}"]`)?.classList.add('invalid');
  }
});

function describeSettlement(conflict: ConflictOutcome): string {
  return conflict.contested.map((f) =>
    `${LABELS[f.field]}: ${f.outcome.toLowerCase()}${f.outcome === 'PENDING' ? '' : ` (${show(f.result)})`}`).join('; ');
}

// ---------------------------------------------------------------------------------------------------------
// Creating

$('new-staff').addEventListener('click', () => {
  closeDetail();
  $('create').hidden = false;
  renderEditForm($('create-form') as HTMLFormElement, null, false);
  queueRender();
});

$('create-form').addEventListener('click', (event) => {
  if ((event.target as HTMLElement).dataset.cancel !== undefined) $('create').hidden = true;
});

$('create-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!client) return;
  const form = event.target as HTMLFormElement;
  const values = readForm(form);
  const fields = Object.fromEntries(Object.entries(values)
    .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)));
  const staffId = (form.elements.namedItem('staffId') as HTMLInputElement).value.trim() || undefined;
  const reply = await client.createStaff(fields, staffId);
  if (reply.status === 'ACCEPTED' || reply.status === 'DUPLICATE') {
    $('create').hidden = true;
    toast(`Created ${values.firstName} ${values.lastName}.`);
    openDetail(reply.staffId!);
  } else {
    form.querySelector<HTMLElement>('.error')!.textContent = `${reply.error?.code}: ${reply.error?.message}`;
  }
});

// ---------------------------------------------------------------------------------------------------------
// The USER_CHOICE conflict dialog: base / theirs / mine per field, keep one or enter a value

function showConflictDialog(conflict: OpenConflict): void {
  openConflict = conflict;
  const { contested } = conflict.conflict;
  $('conflict-intro').textContent = `${conflict.raisedBy ?? 'Someone'} edited from version `
    + `${conflict.conflict.basedOnVersion} while others changed ${contested.length === 1 ? 'this field' : 'these fields'}. `
    + 'Choose what to keep; the rest of the edit is applied as it was asked.';
  $('conflict-rows').innerHTML = contested.map((f) => `
    <tr data-field="${f.field}">
      <th>${escapeHtml(LABELS[f.field] ?? f.field)}</th>
      <td>${escapeHtml(show(f.base))}</td>
      <td><label><input type="radio" name="choice-${f.field}" value="THEIRS" checked> ${escapeHtml(show(f.theirs))}</label>
        <small>${escapeHtml(f.theirsActor)}, v${f.theirsVersion}</small></td>
      <td><label><input type="radio" name="choice-${f.field}" value="MINE"> ${escapeHtml(show(f.mine))}</label></td>
      <td><label><input type="radio" name="choice-${f.field}" value="VALUE"> other:</label>
        <input name="value-${f.field}" value="${escapeHtml(show(f.mine, ''))}" aria-label="value for ${f.field}"></td>
    </tr>`).join('');
  ($('conflict-form') as HTMLFormElement).reason.value = '';
  $('conflict-error').textContent = '';
  $('conflict-dialog').hidden = false;
  $('conflict-dialog').dataset.conflictId = conflict.conflict.conflictId ?? '';
}

function closeConflictDialog(): void {
  openConflict = null;
  $('conflict-dialog').hidden = true;
}

$('conflict-later').addEventListener('click', closeConflictDialog);

$('conflict-form').addEventListener('input', (event) => {
  const input = event.target as HTMLInputElement;
  if (input.name?.startsWith('value-')) {
    const radio = $('conflict-form').querySelector<HTMLInputElement>(
      `input[name="choice-${input.name.slice(6)}"][value="VALUE"]`);
    if (radio) radio.checked = true;
  }
});

$('conflict-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!openConflict || !client) return;
  const settling = openConflict;
  const form = event.target as HTMLFormElement;
  const choices: Partial<Record<StaffFieldName, FieldChoice>> = {};
  for (const f of settling.conflict.contested) {
    const kind = (form.querySelector<HTMLInputElement>(`input[name="choice-${f.field}"]:checked`)?.value ?? 'THEIRS');
    choices[f.field] = kind === 'VALUE'
      ? { choice: 'VALUE', value: parseField(f.field, (form.elements.namedItem(`value-${f.field}`) as HTMLInputElement).value) }
      : { choice: kind as 'MINE' | 'THEIRS' };
  }
  // the resolution must be decided on the current version, which the live subscription keeps up to date
  const current = (detail?.staffId === settling.staffId ? detail.current : null) ?? staff.get(settling.staffId);
  const expectedVersion = Math.max(current?.version ?? 0, settling.raisedAtVersion);
  const reason = (form.elements.namedItem('reason') as HTMLInputElement).value.trim() || undefined;
  $('conflict-error').textContent = '';
  const reply = await client.resolveConflict(settling.staffId, expectedVersion, settling.conflict.conflictId!,
    choices, reason);
  if (reply.status === 'ACCEPTED' || reply.status === 'DUPLICATE') {
    closeConflictDialog();
    toast(`Conflict settled: version ${reply.version}. ${reply.conflict ? describeSettlement(reply.conflict) : ''}`);
  } else if (reply.error?.code === 'CONFLICT_NOT_PENDING') {
    closeConflictDialog();
    toast('Someone else settled this conflict already.');
  } else if (reply.status === 'CONFLICT') {
    if (reply.state) keepNewer(staff, reply.state);
    $('conflict-error').textContent = `The record changed meanwhile (now version ${reply.state?.version}). `
      + 'Check the values and resolve again.';
  } else {
    $('conflict-error').textContent = `${reply.error?.code}: ${reply.error?.message}`;
  }
});

// ---------------------------------------------------------------------------------------------------------
// Small things

function show(value: FieldValue | boolean | undefined, empty = '—'): string {
  if (value === null || value === undefined) return empty;
  if (Array.isArray(value)) return value.length ? value.join(', ') : empty;
  return String(value);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function formatTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '';
}

function toast(message: string, kind: 'info' | 'error' = 'info'): void {
  const element = document.createElement('div');
  element.className = `toast ${kind}`;
  element.textContent = message;
  $('toasts').append(element);
  setTimeout(() => element.remove(), 6000);
}

start();
