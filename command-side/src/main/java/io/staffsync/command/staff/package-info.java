/**
 * The {@code StaffMember} aggregate and the rules that guard it: field validation, versions and stale
 * writes, and email uniqueness among active staff (a rule across aggregates, kept in a lookup table written
 * in the same transaction as the events).
 */
package io.staffsync.command.staff;
