package io.darktower.medianode;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.darktower.devstack.Endpoints;
import io.darktower.queries.auth.AccessTokenFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A media node of its own on a test database: its own relay (no gateway here), any free UDP port, loopback only; its
 * join tokens verified with {@link #SIGNING_KEY}'s public half, read from a JWKS file as the node would read the
 * gateway's {@code /.well-known/jwks.json}.
 */
public final class TestNodes {

    /** The issuer the node expects in join tokens (the gateway's default). */
    public static final String ISSUER = "darktower";
    /** The key the tests sign join tokens with, as the gateway does with its own. */
    public static final ECKey SIGNING_KEY = generateKey();
    private static final Path JWKS = writeJwks();

    private TestNodes() {
    }

    /** @param name the relay's replication slot; {@code more} are further {@code --name=value} settings */
    public static ConfigurableApplicationContext start(Endpoints db, String name, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.databaseUser(),
                "--spring.datasource.password=" + db.databasePassword(),
                "--darktower.kafka.bootstrap-servers=" + db.kafkaBootstrapServers(),
                "--darktower.redis.uri=" + db.redisUri(),
                // no gateway here: the node's own context runs the relay that puts its events on Kafka
                "--darktower.relay.enabled=true",
                "--darktower.relay.slot-name=" + name,
                "--darktower.media.udp-port=0",
                "--darktower.media.bind-address=127.0.0.1",
                "--darktower.media.jwks-uri=" + JWKS.toUri(),
                "--darktower.media.token-issuer=" + ISSUER));
        args.addAll(List.of(more));
        return MediaNodeApplication.builder().run(args.toArray(String[]::new));
    }

    /** A join token as the gateway signs it for that participant of that meeting, valid for ten minutes. */
    public static String joinToken(UUID meetingId, UUID participantId) {
        Instant now = Instant.now();
        return AccessTokenFormat.sign(SIGNING_KEY, ISSUER, participantClaims(meetingId, participantId), now,
                now.plusSeconds(600));
    }

    /** The claims of a participant's join token. */
    public static AccessTokenFormat.Claims participantClaims(UUID meetingId, UUID participantId) {
        return new AccessTokenFormat.Claims(AccessTokenFormat.PARTICIPANT_KIND, participantId.toString(), null, Set.of(),
                null, meetingId, participantId);
    }

    private static ECKey generateKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeJwks() {
        try {
            Path jwks = Files.createTempFile("media-node-test-jwks", ".json");
            jwks.toFile().deleteOnExit();
            Files.writeString(jwks, new JWKSet(SIGNING_KEY.toPublicJWK()).toString());
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
