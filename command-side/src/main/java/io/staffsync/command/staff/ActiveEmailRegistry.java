package io.staffsync.command.staff;

import io.staffsync.api.staff.FieldChange;
import io.staffsync.api.staff.StaffField;
import io.staffsync.api.staff.event.StaffMemberDeactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberReactivatedEvent;
import io.staffsync.api.staff.event.StaffMemberRegisteredEvent;
import io.staffsync.api.staff.event.StaffMemberUpdatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code staff_email} in step with the events, inside the transaction that appends them: it runs in a
 * subscribing processor whose errors propagate, so a unique-index violation rolls back the command that
 * caused it. That makes email uniqueness among active staff hold under any interleaving of commands,
 * which an eventually consistent read model could not promise.
 */
@Component
@ProcessingGroup(ActiveEmailRegistry.PROCESSING_GROUP)
class ActiveEmailRegistry {

    static final String PROCESSING_GROUP = "email-registry";
    private static final String ACTIVE_EMAIL_INDEX = "staff_email_active_email_key";

    private final JdbcTemplate jdbc;

    ActiveEmailRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(StaffMemberRegisteredEvent event) {
        String email = event.details().email();
        claim(email, () -> jdbc.update("INSERT INTO staff_email (staff_id, email, active) VALUES (?, ?, true)",
                event.staffId(), email));
    }

    @EventHandler
    void on(StaffMemberUpdatedEvent event) {
        for (FieldChange change : event.changes()) {
            if (change.field() == StaffField.EMAIL) {
                String email = (String) change.newValue();
                claim(email, () -> jdbc.update("UPDATE staff_email SET email = ? WHERE staff_id = ?",
                        email, event.staffId()));
            }
        }
    }

    @EventHandler
    void on(StaffMemberDeactivatedEvent event) {
        jdbc.update("UPDATE staff_email SET active = false WHERE staff_id = ?", event.staffId());
    }

    @EventHandler
    void on(StaffMemberReactivatedEvent event) {
        String email = jdbc.queryForObject("SELECT email FROM staff_email WHERE staff_id = ?", String.class,
                event.staffId());
        claim(email, () -> jdbc.update("UPDATE staff_email SET active = true WHERE staff_id = ?", event.staffId()));
    }

    private static void claim(String email, Runnable write) {
        try {
            write.run();
        } catch (DuplicateKeyException e) {
            if (e.getMessage() != null && e.getMessage().contains(ACTIVE_EMAIL_INDEX)) {
                throw new EmailAlreadyInUseException(email);
            }
            throw e;
        }
    }
}
