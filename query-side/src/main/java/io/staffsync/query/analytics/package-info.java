/**
 * The analyst's side of the query API: headcount and weekly hours of the staff directory computed in SQL
 * ({@code GET /api/staff/stats}). The SQL views for BI tools live in the {@code reporting} schema
 * (V6__reporting_views.sql, docs/reporting.md).
 */
package io.staffsync.query.analytics;
