package io.darktower.commands.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.darktower.commands.meeting.Meeting;
import io.darktower.devstack.Endpoints;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * One command side as a node runs it, sharing nothing with another node but the event store: its own connection
 * pool, transactions, command bus (whose per-aggregate lock serialises only this node's commands), Axon
 * configuration, and the gateway's retry scheduler of {@link CommandSideConfiguration}.
 *
 * <p>A {@link Rendezvous} may hold each node's first command of a race just before it appends, until the other
 * node's has also decided: both then append at the same sequence, so the race is certain rather than likely.
 */
final class CommandSideNode implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Configuration axon;
    private final CommandGateway gateway;
    private final AtomicInteger conflictsRetried = new AtomicInteger();

    private CommandSideNode(HikariDataSource dataSource, Configuration axon, RetryScheduler retries) {
        this.dataSource = dataSource;
        this.axon = axon;
        RetryScheduler counting = (command, failure, failures, dispatch) -> {
            boolean retried = retries.scheduleRetry(command, failure, failures, dispatch);
            if (retried && isConflict(failure)) {
                conflictsRetried.incrementAndGet();
            }
            return retried;
        };
        this.gateway = DefaultCommandGateway.builder().commandBus(axon.commandBus()).retryScheduler(counting).build();
    }

    static CommandSideNode start(String name, Endpoints db, Rendezvous rendezvous) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("node-" + name);
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setUsername(db.databaseUser());
        pool.setPassword(db.databasePassword());
        pool.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(pool);
        EventStoreSchema.migrate(dataSource);
        TransactionManager transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        Configuration axon = DefaultConfigurer.defaultConfiguration()
                .configureTransactionManager(c -> transactions)
                .configureSerializer(c -> EventStoreSchema.serializer())
                .configureEventSerializer(c -> EventStoreSchema.serializer())
                .configureEmbeddedEventStore(c -> EventStoreSchema.storageEngine(
                        new SpringDataSourceConnectionProvider(dataSource), transactions, EventStoreSchema.serializer()))
                .configureCommandBus(c -> {
                    SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(transactions).build();
                    bus.registerHandlerInterceptor(rendezvous);
                    return bus;
                })
                .configureAggregate(Meeting.class)
                .buildConfiguration();
        axon.start();
        return new CommandSideNode(dataSource, axon, CommandSideConfiguration.retryScheduler());
    }

    private static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    CommandGateway commands() {
        return gateway;
    }

    /** Commands of this node that lost a race for an aggregate's next sequence and were sent again. */
    int conflictsRetried() {
        return conflictsRetried.get();
    }

    @Override
    public void close() {
        try {
            axon.shutdown();
        } finally {
            dataSource.close();
        }
    }

    /**
     * Holds a command, once it has decided and before its events are appended (the unit of work's prepare-commit,
     * where the event store appends), until {@code parties} commands have got there; then lets every command pass.
     * Disarmed, it lets every command pass at once.
     */
    static final class Rendezvous implements MessageHandlerInterceptor<CommandMessage<?>> {

        private final AtomicReference<CountDownLatch> armed = new AtomicReference<>();

        void arm(int parties) {
            armed.set(new CountDownLatch(parties));
        }

        void disarm() {
            armed.set(null);
        }

        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                             InterceptorChain chain) throws Exception {
            CountDownLatch latch = armed.get();
            if (latch != null) {
                // registered before the handler runs, so it runs before the event store's own prepare-commit step
                unitOfWork.onPrepareCommit(u -> {
                    latch.countDown();
                    try {
                        latch.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            return chain.proceed();
        }
    }
}
