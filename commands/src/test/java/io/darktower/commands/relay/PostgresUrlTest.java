package io.darktower.commands.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darktower.commands.relay.PostgresUrl.HostPort;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Change data capture connects with what the configured JDBC URL says, read by the PostgreSQL driver itself: SSL
 * options under Debezium's names, every other option passed through to the driver, the first of several hosts.
 */
class PostgresUrlTest {

    @Test
    void sslOptionsBecomeDebeziumsAndOtherOptionsPassThroughToTheDriver() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://db.example:6432/events"
                + "?sslmode=verify-full&sslrootcert=/etc/ca.pem&sslcert=/etc/c.pem&sslkey=/etc/k.pk8"
                + "&ApplicationName=relay&options=-c%20statement_timeout%3D0");

        Properties p = url.debeziumProperties("relay_user", "secret");

        assertThat(p).containsEntry("database.hostname", "db.example").containsEntry("database.port", "6432")
                .containsEntry("database.dbname", "events")
                .containsEntry("database.user", "relay_user").containsEntry("database.password", "secret")
                .containsEntry("database.sslmode", "verify-full").containsEntry("database.sslrootcert", "/etc/ca.pem")
                .containsEntry("database.sslcert", "/etc/c.pem").containsEntry("database.sslkey", "/etc/k.pk8")
                .containsEntry("driver.ApplicationName", "relay")
                .containsEntry("driver.options", "-c statement_timeout=0");
    }

    @Test
    void severalHostsAreKnownAndCaptureFollowsTheFirst() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://pg-a:5433,pg-b/events?targetServerType=primary");

        assertThat(url.hosts()).containsExactly(new HostPort("pg-a", 5433), new HostPort("pg-b", 5432));
        assertThat(url.multiHost()).isTrue();
        assertThat(url.debeziumProperties("u", "p")).containsEntry("database.hostname", "pg-a")
                .containsEntry("database.port", "5433");
    }

    @Test
    void theSslModeIsTheOneTheDriverWouldUse() {
        assertThat(PostgresUrl.parse("jdbc:postgresql://h/db").sslMode()).isEqualTo("prefer");
        assertThat(PostgresUrl.parse("jdbc:postgresql://h/db?ssl=true").sslMode()).isEqualTo("verify-full");
        assertThat(PostgresUrl.parse("jdbc:postgresql://h/db?ssl=true&sslmode=require").sslMode()).isEqualTo("require");
        assertThat(PostgresUrl.parse("jdbc:postgresql://h/db?sslmode=disable").debeziumProperties("u", "p"))
                .containsEntry("database.sslmode", "disable");
    }

    @Test
    void credentialsInTheUrlServeWhenNoneAreConfigured() {
        Properties p = PostgresUrl.parse("jdbc:postgresql://[::1]:5432/db?user=url_user&password=url_secret")
                .debeziumProperties(null, null);

        assertThat(p).containsEntry("database.hostname", "[::1]").containsEntry("database.user", "url_user")
                .containsEntry("database.password", "url_secret")
                .doesNotContainKeys("driver.user", "driver.password");
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefused() {
        assertThatThrownBy(() -> PostgresUrl.parse("jdbc:mysql://h/db")).hasMessageContaining("not a PostgreSQL JDBC URL");
    }
}
