/** Live push: every change to the directory, sent to STOMP subscribers in global position order. */
package io.staffsync.query.live;
