package io.darktower.commands.config;

import io.darktower.commands.Rejected;
import java.util.concurrent.Executors;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import jakarta.validation.Validation;
import org.axonframework.serialization.Serializer;
import io.darktower.crypto.JdbcSubjectKeys;
import io.darktower.crypto.PersonalData;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The write side on PostgreSQL: Axon's JDBC event store in schema {@code event_store}, events serialised with
 * the one event JSON form, metadata carried from commands to events, and concurrent appends retried.
 */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {

    /** Processing group of handlers that run inside the command's transaction (set-based rules). */
    public static final String IN_TRANSACTION_GROUP = "in-transaction";

    /**
     * Declared here, not left to Boot: Boot's JDBC auto-configuration backs off when R2DBC (the read side's
     * driver) is present, and Axon would then quietly fall back to an in-memory event store.
     */
    @Bean(destroyMethod = "close")
    HikariDataSource eventStoreDataSource(Environment env) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("event-store");
        config.setJdbcUrl(env.getRequiredProperty("spring.datasource.url"));
        config.setUsername(env.getRequiredProperty("spring.datasource.username"));
        config.setPassword(env.getRequiredProperty("spring.datasource.password"));
        config.setMaximumPoolSize(env.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 16));
        return new HikariDataSource(config);
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    EventStoreMigration eventStoreMigration(DataSource dataSource) {
        EventStoreSchema.migrate(dataSource);
        return new EventStoreMigration();
    }

    /**
     * The data subjects' keys (table {@code event_store.subject_keys}), installed for this JVM's event decoding
     * ({@link PersonalData}).
     */
    @Bean
    JdbcSubjectKeys subjectKeys(EventStoreMigration migrated, DataSource dataSource) {
        return new JdbcSubjectKeys(dataSource);
    }

    @Bean(destroyMethod = "close")
    PersonalData.Installation subjectKeysInstalled(JdbcSubjectKeys subjectKeys) {
        return PersonalData.install(subjectKeys);
    }

    /** The requester's address and user agent sealed in every event's metadata as it is published. */
    @Bean
    PersonalMetadata personalMetadata(EventBus eventBus, PersonalData.Installation subjectKeys) {
        return new PersonalMetadata(eventBus);
    }

    /** One serializer for events, messages and everything else: the shared event JSON form, personal data sealed. */
    @Bean
    @Primary
    Serializer serializer(PersonalData.Installation subjectKeys) {
        return EventStoreSchema.sealingSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    EventStorageEngine eventStorageEngine(EventStoreMigration migrated, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager, Serializer serializer) {
        return EventStoreSchema.storageEngine(connectionProvider, transactionManager, serializer);
    }

    /** Axon's JDBC token store (auto-configured) on {@code event_store.token_entry}, for tracking processors. */
    @Bean
    TokenSchema tokenSchema() {
        return EventStoreSchema.tokenSchema();
    }

    @Bean
    CorrelationDataProvider metadataPropagation() {
        return new MetadataPropagation();
    }

    /** Handlers of {@link #IN_TRANSACTION_GROUP} run in the publishing transaction; their failure fails the command. */
    @Bean
    ConfigurerModule inTransactionHandlers() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(IN_TRANSACTION_GROUP)
                .registerListenerInvocationErrorHandler(IN_TRANSACTION_GROUP, c -> PropagatingErrorHandler.instance());
    }

    /**
     * Retries a command that failed for a passing reason, above all another node appending to (or creating) the
     * same aggregate first: the retry sees the other node's events and decides again. A rejection is an
     * answer and is never retried; nor is any of Axon's non-transient failures (an unknown aggregate, ...).
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, CommandValidation validation) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retryScheduler()).build();
    }

    /**
     * Every command is checked against the constraints declared on its record before any handler sees it, whoever
     * sends it (HTTP, a media node, a saga): one set of rules. A violation fails the command with Axon's
     * {@code JSR303ViolationException}, which edges report as INVALID_REQUEST naming the fields.
     */
    @Bean
    CommandValidation commandValidation(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(new BeanValidationInterceptor<>(
                Validation.byDefaultProvider().configure().buildValidatorFactory()));
        return new CommandValidation();
    }

    static RetryScheduler retryScheduler() {
        return IntervalRetryScheduler.builder()
                .retryExecutor(Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "command-retry");
                    t.setDaemon(true);
                    return t;
                }))
                .retryInterval(20)
                .maxRetryCount(5)
                // the default (Axon's non-transient exceptions, invalid commands among them), and every rejection
                .addNonTransientFailurePredicate(Rejected.class, rejected -> true)
                .build();
    }

    /** Marker: commands are validated. */
    public static final class CommandValidation {
    }

    /** Marker: the event store schema is migrated. */
    public static final class EventStoreMigration {
    }
}
