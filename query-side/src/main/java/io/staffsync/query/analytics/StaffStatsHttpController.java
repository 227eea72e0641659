package io.staffsync.query.analytics;

import io.staffsync.api.staff.query.StaffStatsQuery;
import io.staffsync.api.staff.query.StaffStatsView;
import io.staffsync.query.directory.StaffDirectoryProjection;
import io.staffsync.query.web.Freshness;
import io.staffsync.query.web.FreshnessDocs;
import io.staffsync.query.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Set;
import java.util.concurrent.ExecutionException;

/** {@code GET /api/staff/stats}: headcount and weekly hours by department, role and employment type. */
@RestController
@Tag(name = "analytics", description = "Aggregates of the staff directory for analysts")
class StaffStatsHttpController {

    private static final Set<String> PARAMETERS = Set.of("includeInactive", Freshness.MIN_POSITION, Freshness.WAIT);

    private final QueryGateway queryGateway;
    private final Freshness freshness;

    StaffStatsHttpController(QueryGateway queryGateway, Freshness freshness) {
        this.queryGateway = queryGateway;
        this.freshness = freshness;
    }

    @GetMapping("/api/staff/stats")
    @Operation(summary = "Headcount and weekly hours of the directory",
            description = "In total and grouped by department, role and employment type, computed in SQL over the "
                    + "staff directory read model. Staff members without a value form the group with key null.",
            responses = @ApiResponse(responseCode = "200", description = "the statistics", headers = @Header(
                    name = Freshness.HEADER, description = "the projection position the answer reflects at least",
                    schema = @Schema(type = "integer", format = "int64"))))
    ResponseEntity<StaffStatsView> stats(
            HttpServletRequest request,
            @Parameter(description = "count deactivated staff members too (default: active staff only)",
                    schema = @Schema(type = "boolean", defaultValue = "false"))
            @RequestParam(required = false) String includeInactive,
            @Parameter(description = FreshnessDocs.MIN_POSITION, schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @RequestParam(name = Freshness.MIN_POSITION, required = false) String minPosition,
            @Parameter(description = FreshnessDocs.WAIT, schema = @Schema(type = "string", example = "PT5S"))
            @RequestParam(name = Freshness.WAIT, required = false) String wait)
            throws ExecutionException, InterruptedException {
        QueryParameters.rejectUnknown(request, PARAMETERS, Set.of());
        boolean all = Boolean.TRUE.equals(QueryParameters.bool("includeInactive", includeInactive));
        long position = freshness.await(StaffDirectoryProjection.PROCESSING_GROUP, minPosition, wait);
        StaffStatsView stats = queryGateway.query(new StaffStatsQuery(all), StaffStatsView.class).get();
        return Freshness.withPosition(ResponseEntity.ok(), position, stats);
    }
}
