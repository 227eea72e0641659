package io.staffsync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Boots the command side and the query side in one process. It lives in the root package so that
 * component, entity and repository scanning cover {@code io.staffsync.command..} and
 * {@code io.staffsync.query..} without either side knowing the other.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StaffSyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(StaffSyncApplication.class, args);
    }
}
