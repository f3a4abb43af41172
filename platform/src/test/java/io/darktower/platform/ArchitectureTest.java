package io.darktower.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module dependency rules of DESIGN.md §2, and the rooms code lives in, checked on the compiled main classes of
 * every module (this module's test class path holds them all).
 */
class ArchitectureTest {

    private static final String SCHEMA_EVENTS = "io.darktower.events..";
    private static final String SCHEMA_READ_MODEL = "io.darktower.readmodel..";
    private static final String SCHEMA_ERRORS = "io.darktower.errors..";
    private static final String DEVSTACK = "io.darktower.devstack..";
    private static final String COMMANDS = "io.darktower.commands..";
    private static final String PROJECTIONS = "io.darktower.projections..";
    private static final String QUERIES = "io.darktower.queries..";
    private static final String GATEWAY = "io.darktower.gateway..";
    private static final String PLATFORM = "io.darktower.platform..";
    private static final String MEDIA_NODE = "io.darktower.medianode..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // tests are not production code: neither this module's nor those of the test jars it uses (a packaged build
        // puts the gateway's test helpers on the classpath as gateway-*-tests.jar, which DO_NOT_INCLUDE_TESTS misses)
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.darktower");
    }

    @Test
    void theSharedLanguageDependsOnNothingOfOurs() {
        noClasses().that().resideInAnyPackage(SCHEMA_EVENTS, SCHEMA_READ_MODEL, SCHEMA_ERRORS)
                .should().dependOnClassesThat().resideInAnyPackage(DEVSTACK, COMMANDS, PROJECTIONS, QUERIES, GATEWAY, PLATFORM)
                .check(classes);
    }

    @Test
    void theWriteSideKnowsOnlyTheSharedLanguage() {
        noClasses().that().resideInAPackage(COMMANDS)
                .should().dependOnClassesThat().resideInAnyPackage(DEVSTACK, PROJECTIONS, QUERIES, GATEWAY, PLATFORM)
                .check(classes);
    }

    @Test
    void theReadSideNeverImportsTheWriteSide() {
        noClasses().that().resideInAnyPackage(PROJECTIONS, QUERIES)
                .should().dependOnClassesThat().resideInAnyPackage(COMMANDS, DEVSTACK, GATEWAY, PLATFORM)
                .check(classes);
        noClasses().that().resideInAPackage(PROJECTIONS)
                .should().dependOnClassesThat().resideInAPackage(QUERIES)
                .check(classes);
        noClasses().that().resideInAPackage(QUERIES)
                .should().dependOnClassesThat().resideInAPackage(PROJECTIONS)
                .check(classes);
    }

    @Test
    void theGatewayUsesCommandsAndQueriesButNotTheProjectionsOrTheAssembly() {
        noClasses().that().resideInAPackage(GATEWAY)
                .should().dependOnClassesThat().resideInAnyPackage(PROJECTIONS, DEVSTACK, PLATFORM)
                .check(classes);
    }

    @Test
    void theMediaNodeUsesTheWriteSideAndTheSharedLanguageOnly() {
        noClasses().that().resideInAPackage(MEDIA_NODE)
                .should().dependOnClassesThat().resideInAnyPackage(PROJECTIONS, GATEWAY, DEVSTACK, PLATFORM)
                .check(classes);
        noClasses().that().resideOutsideOfPackages(MEDIA_NODE, PLATFORM)
                .should().dependOnClassesThat().resideInAPackage(MEDIA_NODE)
                .check(classes);
    }

    @Test
    void nothingButTheAssemblyImportsTheEdgesOrTheDevStack() {
        noClasses().that().resideOutsideOfPackages(GATEWAY, PLATFORM)
                .should().dependOnClassesThat().resideInAPackage(GATEWAY)
                .check(classes);
        noClasses().that().resideOutsideOfPackages(DEVSTACK, PLATFORM)
                .should().dependOnClassesThat().resideInAPackage(DEVSTACK)
                .check(classes);
    }

    @Test
    void projectorsOnlyMapEventsTheRuntimeOwnsTheStores() {
        noClasses().that().resideInAnyPackage("io.darktower.projections.meeting..", "io.darktower.projections.audit..",
                        "io.darktower.projections.recording..", "io.darktower.projections.analytics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "org.apache.kafka..", "javax.sql..",
                        "com.zaxxer..")
                .check(classes);
    }

    @Test
    void userAndApiKeyAggregatesDecideWithoutInputOrOutputAndTheirProjectorsOnlyMapEvents() {
        noClasses().that().resideInAnyPackage("io.darktower.commands.user..", "io.darktower.commands.apikey..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..",
                        "org.apache.kafka..", "java.net..", "java.io..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.darktower.projections.user..", "io.darktower.projections.apikey..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "org.apache.kafka..", "javax.sql..",
                        "com.zaxxer..")
                .check(classes);
    }

    @Test
    void aggregatesDecideWithoutInputOrOutput() {
        noClasses().that().resideInAnyPackage("io.darktower.commands.meeting..", "io.darktower.commands.recording..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..",
                        "org.apache.kafka..", "java.net..", "java.io..")
                .check(classes);
    }
}
