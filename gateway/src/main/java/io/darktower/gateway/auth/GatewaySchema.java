package io.darktower.gateway.auth;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Migrates the gateway's own schema ({@code gateway}: signing keys, refresh-token families) beside the write side's,
 * with its Flyway history in that schema, as {@code EventStoreSchema} does for {@code event_store}.
 */
@Configuration(proxyBeanMethods = false)
public class GatewaySchema {

    public static final String SCHEMA = "gateway";

    /** Marks the migration as done; whatever uses the tables depends on this bean. */
    public record Migrated() {
    }

    @Bean
    Migrated gatewaySchemaMigrated(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations("classpath:db/migration/gateway")
                .load()
                .migrate();
        return new Migrated();
    }
}
