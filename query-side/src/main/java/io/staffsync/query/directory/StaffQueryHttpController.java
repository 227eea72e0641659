package io.staffsync.query.directory;

import io.staffsync.api.staff.EmploymentType;
import io.staffsync.api.staff.query.FindStaffMemberQuery;
import io.staffsync.api.staff.query.ListStaffMembersQuery;
import io.staffsync.api.staff.query.StaffMemberPage;
import io.staffsync.api.staff.query.StaffMemberView;
import io.staffsync.api.staff.query.StaffSortOrder;
import io.staffsync.query.web.Freshness;
import io.staffsync.query.web.FreshnessDocs;
import io.staffsync.query.web.InvalidQueryParameterException;
import io.staffsync.query.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Read side of {@code /api/staff}: the directory (filtered, sorted, paged by number or by cursor) and single
 * staff members (ETag = version). Every answer carries the directory's position ({@link Freshness}).
 */
@RestController
@RequestMapping("/api/staff")
@Tag(name = "directory", description = "The staff directory read model")
class StaffQueryHttpController {

    private static final String PROCESSOR = StaffDirectoryProjection.PROCESSING_GROUP;
    private static final int MAX_FILTER_LENGTH = 320;
    private static final Set<String> LIST_PARAMETERS = Set.of("department", "role", "employmentType", "active",
            "skill", "q", "sort", "cursor", "page", "size", Freshness.MIN_POSITION, Freshness.WAIT);
    private static final Set<String> FIND_PARAMETERS = Set.of(Freshness.MIN_POSITION, Freshness.WAIT);

    private final QueryGateway queryGateway;
    private final Freshness freshness;

    StaffQueryHttpController(QueryGateway queryGateway, Freshness freshness) {
        this.queryGateway = queryGateway;
        this.freshness = freshness;
    }

    @GetMapping
    @Operation(summary = "List the staff directory",
            description = "Filters combine with AND. Page by number (page, size) or by key: pass the nextCursor of "
                    + "a page as cursor to get the rows right after it (same order, same filters). The order is "
                    + "total: staffId is the last sort key even when sort does not name it.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "one page", headers = @Header(
                            name = Freshness.HEADER, description = "the directory position the page reflects at least",
                            schema = @Schema(type = "integer", format = "int64"))),
                    @ApiResponse(responseCode = "400", description = "a parameter is unusable; field names it"),
                    @ApiResponse(responseCode = "503", description = "PROJECTION_BEHIND: minPosition not reached in time")})
    ResponseEntity<StaffMemberPage> list(
            HttpServletRequest request,
            @Parameter(description = "exact department") @RequestParam(required = false) String department,
            @Parameter(description = "exact role") @RequestParam(required = false) String role,
            @Parameter(description = "employment type, any case",
                    schema = @Schema(allowableValues = {"FULL_TIME", "PART_TIME", "CONTRACTOR"}))
            @RequestParam(required = false) String employmentType,
            @Parameter(description = "true: active staff only; false: deactivated only; absent: both",
                    schema = @Schema(type = "boolean"))
            @RequestParam(required = false) String active,
            @Parameter(description = "a skill the staff member has (exact); repeat for several, all must be held",
                    array = @ArraySchema(schema = @Schema(type = "string")))
            @RequestParam(required = false) List<String> skill,
            @Parameter(description = "text found (ignoring case) in the first name, last name, full name or email")
            @RequestParam(required = false) String q,
            @Parameter(description = "comma-separated sort fields, - for descending, e.g. department,-weeklyHours. "
                    + "Fields: staffId, lastName, firstName, email, department, role, employmentType, weeklyHours, "
                    + "registeredAt, updatedAt. Empty values sort last. Default: lastName,firstName,staffId",
                    example = "-weeklyHours,lastName")
            @RequestParam(required = false) String sort,
            @Parameter(description = "the nextCursor of the previous page; not with page")
            @RequestParam(required = false) String cursor,
            @Parameter(description = "zero-based page number (not with cursor)",
                    schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))
            @RequestParam(required = false) String page,
            @Parameter(description = "items per page", schema = @Schema(type = "integer", minimum = "1",
                    maximum = "" + ListStaffMembersQuery.MAX_PAGE_SIZE, defaultValue = "50"))
            @RequestParam(required = false) String size,
            @Parameter(description = FreshnessDocs.MIN_POSITION, schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @RequestParam(name = Freshness.MIN_POSITION, required = false) String minPosition,
            @Parameter(description = FreshnessDocs.WAIT, schema = @Schema(type = "string", example = "PT5S"))
            @RequestParam(name = Freshness.WAIT, required = false) String wait)
            throws ExecutionException, InterruptedException {
        QueryParameters.rejectUnknown(request, LIST_PARAMETERS, Set.of("skill"));
        List<StaffSortOrder> orders = sort == null ? null : sortOrders(sort);
        List<String> after = null;
        if (cursor != null) {
            if (page != null) {
                throw new InvalidQueryParameterException("page", "page cannot be combined with cursor");
            }
            StaffCursor decoded;
            try {
                decoded = StaffCursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw new InvalidQueryParameterException("cursor", e.getMessage());
            }
            if (orders != null && !StaffSortParameter.format(withTieBreak(orders)).equals(decoded.sort())) {
                throw new InvalidQueryParameterException("cursor", "cursor was made for sort=" + decoded.sort()
                        + ", not sort=" + sort + "; leave sort out, or start again without cursor");
            }
            orders = decoded.sortOrders();
            after = decoded.after();
        }
        ListStaffMembersQuery query = new ListStaffMembersQuery(
                QueryParameters.text("department", department, MAX_FILTER_LENGTH),
                QueryParameters.bool("active", active),
                QueryParameters.integer("page", page, 0, 0, Integer.MAX_VALUE / ListStaffMembersQuery.MAX_PAGE_SIZE),
                QueryParameters.integer("size", size, 50, 1, ListStaffMembersQuery.MAX_PAGE_SIZE),
                QueryParameters.text("role", role, MAX_FILTER_LENGTH),
                employmentType(employmentType),
                // read raw: Spring would split a single value at commas, and a skill may contain one
                skills(request.getParameterValues("skill")),
                QueryParameters.text("q", q, MAX_FILTER_LENGTH),
                orders, after);
        long position = freshness.await(PROCESSOR, minPosition, wait);
        StaffMemberPage result = queryGateway.query(query, StaffMemberPage.class).get();
        return Freshness.withPosition(ResponseEntity.ok(), position, result);
    }

    @GetMapping("/{staffId}")
    @Operation(summary = "One staff member", description = "The ETag is the staff member's version.",
            responses = {
                    @ApiResponse(responseCode = "200", description = "the staff member", headers = {
                            @Header(name = "ETag", description = "the version, quoted"),
                            @Header(name = Freshness.HEADER, description = "the directory position the answer reflects at least",
                                    schema = @Schema(type = "integer", format = "int64"))},
                            content = @io.swagger.v3.oas.annotations.media.Content(
                                    schema = @Schema(implementation = StaffMemberView.class))),
                    @ApiResponse(responseCode = "404", description = "NOT_FOUND (as of the position in the header)"),
                    @ApiResponse(responseCode = "503", description = "PROJECTION_BEHIND: minPosition not reached in time")})
    ResponseEntity<?> find(
            HttpServletRequest request,
            @PathVariable String staffId,
            @Parameter(description = FreshnessDocs.MIN_POSITION, schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @RequestParam(name = Freshness.MIN_POSITION, required = false) String minPosition,
            @Parameter(description = FreshnessDocs.WAIT, schema = @Schema(type = "string", example = "PT5S"))
            @RequestParam(name = Freshness.WAIT, required = false) String wait)
            throws ExecutionException, InterruptedException {
        QueryParameters.rejectUnknown(request, FIND_PARAMETERS, Set.of());
        long position = freshness.await(PROCESSOR, minPosition, wait);
        Optional<StaffMemberView> staffMember = queryGateway.query(new FindStaffMemberQuery(staffId),
                ResponseTypes.optionalInstanceOf(StaffMemberView.class)).get();
        if (staffMember.isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "no staff member with id " + staffId);
            problem.setTitle("NOT_FOUND");
            problem.setProperty("code", "NOT_FOUND");
            return Freshness.withPosition(ResponseEntity.status(HttpStatus.NOT_FOUND), position, problem);
        }
        return Freshness.withPosition(ResponseEntity.ok().eTag("\"" + staffMember.get().version() + "\""), position,
                staffMember.get());
    }

    private static List<StaffSortOrder> sortOrders(String sort) {
        try {
            return StaffSortParameter.parse(sort);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryParameterException("sort", e.getMessage());
        }
    }

    /** The sort a query ends up with: the tie-break on staffId appended. */
    private static List<StaffSortOrder> withTieBreak(List<StaffSortOrder> orders) {
        return new ListStaffMembersQuery(null, null, 0, 1, null, null, null, null, orders, null).sort();
    }

    private static EmploymentType employmentType(String value) {
        if (value == null) {
            return null;
        }
        try {
            return EmploymentType.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryParameterException("employmentType",
                    "employmentType must be FULL_TIME, PART_TIME or CONTRACTOR, was " + value);
        }
    }

    private static List<String> skills(String[] values) {
        if (values == null) {
            return List.of();
        }
        return Arrays.stream(values).map(value -> QueryParameters.text("skill", value, 200)).toList();
    }
}
