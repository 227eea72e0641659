package io.staffsync.query.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StaffChangeMessagesTest {

    @Test
    void a_one_staff_topic_names_its_staff_member() {
        assertThat(StaffChangeMessages.staffOf("/topic/staff.s-42")).isEqualTo("s-42");
    }

    @Test
    void the_all_staff_topic_and_a_department_topic_name_no_one_staff_member() {
        assertThat(StaffChangeMessages.staffOf("/topic/staff")).isNull();
        assertThat(StaffChangeMessages.staffOf("/topic/staff.department.Nursing")).isNull();
        assertThat(StaffChangeMessages.staffOf("/topic/other.s-42")).isNull();
    }
}
