package io.darktower.projections.runtime;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Migrates the read model (the seed's tables, schema {@code public}) and keeps audit partitions ahead. */
public final class ReadModelSchema {

    private ReadModelSchema() {
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/readmodel")
                .load()
                .migrate();
    }
}
