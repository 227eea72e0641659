/** The record of user-choice conflicts: pending ones for people to settle, settled ones for auditors. */
package io.staffsync.query.conflicts;
