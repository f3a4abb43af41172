package io.darktower.platform;

import io.darktower.commands.relay.EventRelay;
import io.darktower.crypto.Keyring;
import io.darktower.devstack.Endpoints;
import io.darktower.gateway.GatewayApplication;
import io.darktower.medianode.MediaNodeApplication;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionSettings;
import io.darktower.projections.runtime.ReadModelSchema;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole control plane in one JVM on given infrastructure: the read model's schema first, then the gateway
 * with the write side and the relay, then the projections.
 */
public final class Platform implements AutoCloseable {

    private final ProjectionService projections;
    private final ConfigurableApplicationContext gateway;
    private final Endpoints endpoints;
    private ConfigurableApplicationContext mediaNode;
    /** Media nodes started besides the platform's own ({@link #startMediaNode}). */
    private final List<ConfigurableApplicationContext> moreMediaNodes = new CopyOnWriteArrayList<>();

    private Platform(ProjectionService projections, ConfigurableApplicationContext gateway, Endpoints endpoints) {
        this.projections = projections;
        this.gateway = gateway;
        this.endpoints = endpoints;
    }

    /**
     * @param httpPort 0 for any free port
     * @param relaySlot the replication slot of this platform's relay (one per database and relay)
     */
    public static Platform start(Endpoints endpoints, int httpPort, String relaySlot) {
        return start(endpoints, httpPort, relaySlot, Map.of());
    }

    /**
     * @param settings further gateway properties (e.g. {@code darktower.auth.*}); those of {@code darktower.media.*} go
     *                 to the media node too; the addresses still win
     */
    public static Platform start(Endpoints endpoints, int httpPort, String relaySlot, Map<String, ?> settings) {
        // the gateway reads the read model, the projections write it: its tables exist before either starts
        ReadModelSchema.migrate(endpoints.jdbcUrl(), endpoints.databaseUser(), endpoints.databasePassword());
        // the gateway (whose relay creates the event topics) before the projections that consume them
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class, PlatformOperations.class)
                .web(WebApplicationType.REACTIVE)
                .run(commandLine(gatewayProperties(endpoints, httpPort, relaySlot, settings)));
        try {
            ProjectionProperties tuning = Binder.get(gateway.getEnvironment())
                    .bindOrCreate("darktower.projections", ProjectionProperties.class);
            ProjectionService projections = ProjectionService.start(new ProjectionSettings(
                    endpoints.kafkaBootstrapServers(), endpoints.jdbcUrl(), endpoints.databaseUser(),
                    endpoints.databasePassword(), endpoints.redisUri(), tuning.tuning(), gateway.getBean(Keyring.class)));
            projections.bindTo(gateway.getBean(MeterRegistry.class));
            PlatformHealth.register(gateway.getBean(HealthContributorRegistry.class), projections,
                    gateway.getBeanProvider(EventRelay.class).getIfAvailable());
            gateway.getBean(ProjectionsEndpoint.class).attach(projections);
            Platform platform = new Platform(projections, gateway, endpoints);
            try {
                // the media node last: it sends commands through its own write side and reads the events on Kafka
                Map<String, Object> node = platform.withGatewaysKeys(mediaNodeProperties(endpoints, httpPort));
                settings.forEach((name, value) -> {
                    if (name.startsWith("darktower.media.")) {
                        node.put(name, value);   // the node's own settings, given with the platform's
                    }
                });
                platform.mediaNode = MediaNodeApplication.builder().run(commandLine(node));
            } catch (RuntimeException e) {
                platform.close();
                throw e;
            }
            return platform;
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    /**
     * The media node's addresses: WebTransport on UDP {@code DARKTOWER_MEDIA_UDP_PORT} (4433), {@code /certificate.sha256}
     * on TCP {@code DARKTOWER_MEDIA_HTTP_PORT} (4480); any free ports when the gateway's is (tests).
     */
    static Map<String, Object> mediaNodeProperties(Endpoints endpoints, int httpPort) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", endpoints.jdbcUrl());
        properties.put("spring.datasource.username", endpoints.databaseUser());
        properties.put("spring.datasource.password", endpoints.databasePassword());
        properties.put("darktower.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        properties.put("darktower.redis.uri", endpoints.redisUri());
        properties.put("darktower.media.udp-port", httpPort == 0 ? "0" : System.getenv().getOrDefault("DARKTOWER_MEDIA_UDP_PORT", "4433"));
        properties.put("darktower.media.http-port", httpPort == 0 ? "0" : System.getenv().getOrDefault("DARKTOWER_MEDIA_HTTP_PORT", "4480"));
        return properties;
    }

    /**
     * What a media node needs of the gateway: its JWKS (the node checks join tokens with the gateway's keys) and the
     * issuer of its tokens.
     */
    private Map<String, Object> withGatewaysKeys(Map<String, Object> properties) {
        properties.put("darktower.media.jwks-uri", "http://127.0.0.1:" + httpPort() + "/.well-known/jwks.json");
        properties.put("darktower.media.token-issuer", gateway.getEnvironment().getProperty("darktower.auth.issuer", "darktower"));
        return properties;
    }

    /**
     * One more media node on this platform's infrastructure (any free ports), closed with the platform: for tests of
     * several nodes (placement, failover) and for trying a fleet locally.
     *
     * @param settings further {@code darktower.media.*} properties, e.g. its {@code node-id}
     */
    public ConfigurableApplicationContext startMediaNode(Map<String, ?> settings) {
        Map<String, Object> properties = withGatewaysKeys(mediaNodeProperties(endpoints, 0));
        properties.putAll(settings);
        ConfigurableApplicationContext node = MediaNodeApplication.builder().run(commandLine(properties));
        moreMediaNodes.add(node);
        return node;
    }

    /** The media node's context (its {@code MediaNode} bean knows its ports and certificate). */
    public ConfigurableApplicationContext mediaNode() {
        return mediaNode;
    }

    /** As command-line arguments: they outrank the environment and application.yaml, so these addresses win. */
    private static String[] commandLine(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    static Map<String, Object> gatewayProperties(Endpoints endpoints, int httpPort, String relaySlot, Map<String, ?> settings) {
        Map<String, Object> properties = new LinkedHashMap<>(settings);
        properties.put("server.port", httpPort);
        // health details, metrics and the operators' endpoints answer on their own port, on this machine only
        properties.put("management.server.port", managementPort(httpPort));
        properties.put("management.server.address", "127.0.0.1");
        properties.put("management.endpoints.web.exposure.include", "health,info,metrics,projections,retention");
        properties.put("management.endpoint.health.show-details", "always");
        properties.put("spring.datasource.url", endpoints.jdbcUrl());
        properties.put("spring.datasource.username", endpoints.databaseUser());
        properties.put("spring.datasource.password", endpoints.databasePassword());
        properties.put("spring.r2dbc.url", endpoints.r2dbcUrl());
        properties.put("spring.r2dbc.username", endpoints.databaseUser());
        properties.put("spring.r2dbc.password", endpoints.databasePassword());
        properties.put("darktower.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        properties.put("darktower.redis.uri", endpoints.redisUri());
        properties.put("darktower.relay.slot-name", relaySlot);
        return properties;
    }

    /** {@code DARKTOWER_MANAGEMENT_PORT}, else the HTTP port + 1 (any free port when the HTTP port is). */
    private static int managementPort(int httpPort) {
        String configured = System.getenv("DARKTOWER_MANAGEMENT_PORT");
        if (configured != null && !configured.isBlank()) {
            return Integer.parseInt(configured.trim());
        }
        return httpPort == 0 ? 0 : httpPort + 1;
    }

    /** Where {@code /actuator} answers. */
    public int managementPort() {
        return Integer.parseInt(gateway.getEnvironment().getRequiredProperty("local.management.port"));
    }

    public int httpPort() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    public ProjectionService projections() {
        return projections;
    }

    public ConfigurableApplicationContext gateway() {
        return gateway;
    }

    @Override
    public void close() {
        moreMediaNodes.forEach(ConfigurableApplicationContext::close);
        if (mediaNode != null) {
            mediaNode.close();   // drains its sessions while the write side still takes their leaves
        }
        try {
            gateway.close();
        } finally {
            projections.close();
        }
    }
}
