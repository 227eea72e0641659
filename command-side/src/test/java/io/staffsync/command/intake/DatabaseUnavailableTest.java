package io.staffsync.command.intake;

import org.axonframework.common.jdbc.JdbcException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static io.staffsync.command.intake.StaffCommandIntake.isDatabaseUnavailable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures the intake answers UNAVAILABLE (retry) rather than INTERNAL. The shapes are those the fault
 * tests met (PostgresRestartIT, UnknownCommitOutcomeIT); these pin them down without a database.
 */
class DatabaseUnavailableTest {

    @Test
    void a_pool_that_times_out_waiting_for_a_connection_means_unavailable() {
        assertThat(isDatabaseUnavailable(new JdbcException("Failed to obtain a connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available")))).isTrue();
    }

    @Test
    void a_driver_error_of_sqlstate_class_08_means_unavailable() {
        assertThat(isDatabaseUnavailable(new TransactionSystemException("Could not commit",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
    }

    @Test
    void a_server_that_is_shutting_down_means_unavailable() {
        assertThat(isDatabaseUnavailable(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
    }

    @Test
    void hikaris_closed_connection_without_a_sqlstate_means_unavailable() {
        assertThat(isDatabaseUnavailable(new JdbcException("Failed to create a SQL statement",
                new SQLException("Connection is closed")))).isTrue();
    }

    @Test
    void a_connection_failure_suppressed_by_a_later_error_still_counts() {
        IllegalStateException later = new IllegalStateException("rollback failed");
        later.addSuppressed(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        assertThat(isDatabaseUnavailable(later)).isTrue();
    }

    @Test
    void a_constraint_violation_or_a_bug_is_not_unavailability() {
        assertThat(isDatabaseUnavailable(new SQLException("duplicate key value violates unique constraint",
                "23505"))).isFalse();
        assertThat(isDatabaseUnavailable(new IllegalStateException("unexpected result"))).isFalse();
        assertThat(isDatabaseUnavailable(new SQLException("something else"))).isFalse();
    }
}
