package io.staffsync.query.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.List;

/**
 * {@code /api/admin/projections} (role ADMIN): the tracking processors and their progress, and
 * {@code POST /api/admin/projections/{name}/replay}, which rebuilds one from the whole event store and
 * answers {@code 202} with the {@code Location} of its status; poll that until {@code caughtUp} is true.
 */
@RestController
@RequestMapping("/api/admin/projections")
class ProjectionAdminHttpController {

    private final ProjectionReplays replays;

    ProjectionAdminHttpController(ProjectionReplays replays) {
        this.replays = replays;
    }

    @GetMapping
    List<ProjectionStatus> list() {
        return replays.all();
    }

    @GetMapping("/{name}")
    ProjectionStatus status(@PathVariable String name) {
        return replays.status(name).orElseThrow(() -> new UnknownProjectionException(name));
    }

    @PostMapping("/{name}/replay")
    ResponseEntity<ProjectionStatus> replay(@PathVariable String name) {
        ProjectionStatus started = replays.replay(name);
        return ResponseEntity.accepted()
                .location(ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path("/api/admin/projections/{name}").buildAndExpand(name).toUri())
                .body(started);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unknown(UnknownProjectionException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setProperty("code", "NOT_FOUND");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(ReplayRefusedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("code", "REPLAY_REFUSED");
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }
}
