package io.darktower.projections.runtime;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Migrates the read model: the seed's tables in schema {@code public}, and the projections' bookkeeping. */
public final class ReadModelSchema {

    private ReadModelSchema() {
    }

    public static void migrate(DataSource dataSource) {
        migrate(Flyway.configure().dataSource(dataSource));
    }

    public static void migrate(String jdbcUrl, String user, String password) {
        migrate(Flyway.configure().dataSource(jdbcUrl, user, password));
    }

    private static void migrate(FluentConfiguration configuration) {
        configuration.locations("classpath:db/migration/readmodel").load().migrate();
    }
}
