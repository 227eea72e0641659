/**
 * Conventions every HTTP query endpoint shares: strict query parameters (a 400 problem naming the parameter),
 * freshness (the {@code StaffSync-Position} header from the projection's token, and {@code minPosition}/{@code wait}
 * to read your own writes), and the OpenAPI description springdoc serves.
 */
package io.staffsync.query.web;
