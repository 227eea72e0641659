package io.staffsync.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The architecture, executable: the two sides meet only through the api module and the event store. */
@AnalyzeClasses(packages = "io.staffsync", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule command_side_does_not_know_the_query_side = noClasses()
            .that().resideInAPackage("io.staffsync.command..")
            .should().dependOnClassesThat().resideInAPackage("io.staffsync.query..");

    @ArchTest
    static final ArchRule query_side_does_not_know_the_command_side = noClasses()
            .that().resideInAPackage("io.staffsync.query..")
            .should().dependOnClassesThat().resideInAPackage("io.staffsync.command..");

    @ArchTest
    static final ArchRule api_is_plain_records_without_spring_or_jpa = noClasses()
            .that().resideInAPackage("io.staffsync.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                    "io.staffsync.command..", "io.staffsync.query..", "io.staffsync.app..");

    @ArchTest
    static final ArchRule the_aggregate_does_no_io = noClasses()
            .that().haveSimpleName("StaffMember")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..",
                    "jakarta.persistence..", "org.springframework.messaging..");

    @ArchTest
    static final ArchRule sides_do_not_depend_on_the_assembly = noClasses()
            .that().resideInAnyPackage("io.staffsync.command..", "io.staffsync.query..")
            .should().dependOnClassesThat().resideInAPackage("io.staffsync.app..");
}
