package io.darktower.commands.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Empty on purpose: it only orders Axon 4.13's JDBC and transaction auto-configuration after Spring Boot 4's
 * DataSource auto-configuration. Axon still names Boot 3's classes (moved in Boot 4), so without this it is
 * evaluated before a DataSource exists and silently falls back to an in-memory event store.
 */
@AutoConfiguration(
        afterName = {
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"},
        beforeName = {
                "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
                "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration",
                "org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration"})
public class AxonBoot4OrderingAutoConfiguration {
}
