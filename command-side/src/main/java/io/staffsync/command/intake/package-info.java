/**
 * Command intake: turns STOMP and HTTP requests into Axon commands, makes retries idempotent, and answers
 * each command exactly once with its outcome.
 */
package io.staffsync.command.intake;
