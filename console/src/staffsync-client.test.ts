import { describe, expect, it } from 'vitest';
import { keepNewer, pendingConflicts, type StaffChange, type StaffMember } from './staffsync-client';

const member = (version: number, role: string | null = null): StaffMember => ({
  staffId: 's1', version, active: true, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com',
  phone: null, role, department: null, employmentType: null, weeklyHours: null, skills: [], notes: null,
});

const change = (position: number, type: StaffChange['type'], conflictId: string | null): StaffChange => ({
  position, staffId: 's1', version: position, type, changes: [], state: member(position), actor: 'alice',
  clientId: null, commandId: null, occurredAt: null,
  conflict: conflictId === null ? null : {
    strategy: 'USER_CHOICE', basedOnVersion: 0, currentVersion: 1, contested: [], conflictId,
  },
});

describe('keepNewer', () => {
  it('keeps a newer version and ignores an older or equal one, whatever order they arrive in', () => {
    const staff = new Map<string, StaffMember>();
    expect(keepNewer(staff, member(2, 'Lead'))).toBe(true);
    expect(keepNewer(staff, member(1, 'Intern'))).toBe(false);
    expect(keepNewer(staff, member(2, 'Other'))).toBe(false);
    expect(staff.get('s1')?.role).toBe('Lead');
    expect(keepNewer(staff, member(3, 'Architect'))).toBe(true);
    expect(staff.get('s1')?.role).toBe('Architect');
  });
});

describe('pendingConflicts', () => {
  it('lists raised conflicts until they are resolved or expire, in position order', () => {
    const history = [
      change(5, 'CONFLICT_RESOLVED', 'a'),
      change(2, 'CONFLICT_RAISED', 'a'),
      change(3, 'CONFLICT_RAISED', 'b'),
      change(4, 'UPDATED', null),
      change(6, 'CONFLICT_RAISED', 'c'),
      change(7, 'CONFLICT_EXPIRED', 'c'),
    ];
    expect([...pendingConflicts(history).keys()]).toEqual(['b']);
  });
});
