package io.darktower.medianode.node;

import io.darktower.medianode.roster.MeetingEventFeed;
import io.darktower.medianode.roster.Rosters;
import io.darktower.medianode.signaling.JoinTokenKeys;
import io.darktower.medianode.signaling.JoinTokens;
import io.darktower.medianode.signaling.MeetingCommands;
import io.darktower.medianode.signaling.Presence;
import io.darktower.medianode.signaling.Sessions;
import io.darktower.medianode.signaling.SignalingContext;
import io.darktower.medianode.webtransport.NodeCertificate;
import io.darktower.queries.webtransport.WebTransportTokens;
import io.darktower.signaling.NodeInfo;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.Metrics;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/** The media node's parts, wired: Redis, the meeting event feed, the write side's command gateway, the server. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaNodeProperties.class)
public class MediaNodeConfiguration {

    /** The largest media datagram (42-byte frame header + payload) the node forwards: browsers send at most ~1199. */
    public static final int MAX_MEDIA_DATAGRAM = 1150;

    @Bean(destroyMethod = "shutdown")
    RedisClient mediaRedisClient(Environment env) {
        return RedisClient.create(env.getRequiredProperty("darktower.redis.uri"));
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> mediaRedis(RedisClient client) {
        return client.connect();
    }

    @Bean(destroyMethod = "close")
    Presence presence(StatefulRedisConnection<String, String> redis, MediaNodeProperties properties) {
        return new Presence(redis.async(), properties.presenceInterval(), properties.presenceTtl());
    }

    @Bean(destroyMethod = "close")
    MeetingCommands meetingCommands(CommandGateway gateway) {
        return new MeetingCommands(gateway);
    }

    @Bean
    Rosters rosters() {
        return new Rosters();
    }

    @Bean
    Sessions sessions(MediaNodeProperties properties) {
        Sessions sessions = new Sessions();
        // the global registry: in the platform the gateway's registry is in it, so /actuator/metrics shows the node's
        sessions.bindTo(Metrics.globalRegistry, nodeId(properties));
        return sessions;
    }

    @Bean
    NodeCertificate nodeCertificate(MediaNodeProperties properties) {
        if (properties.certificateFile() != null) {
            return NodeCertificate.fromPem(properties.certificateFile(), properties.keyFile());
        }
        return NodeCertificate.generate(List.of(properties.publicHost(), "localhost", "127.0.0.1"),
                properties.developmentCertificateValidity());
    }

    @Bean
    MeetingEventFeed meetingEventFeed(Environment env, MediaNodeProperties properties, Rosters rosters) {
        return new MeetingEventFeed(env.getRequiredProperty("darktower.kafka.bootstrap-servers"), nodeId(properties),
                properties.eventLookBack(), rosters);
    }

    @Bean(destroyMethod = "close")
    JoinTokens joinTokens(MediaNodeProperties properties) {
        return new JoinTokens(new JoinTokenKeys(properties.jwksUri(), properties.jwksMinReload()), properties.tokenIssuer(),
                Clock.systemUTC());
    }

    @Bean
    SignalingContext signalingContext(StatefulRedisConnection<String, String> redis, JoinTokens joinTokens,
                                      MeetingCommands commands, Rosters rosters, Presence presence, Sessions sessions,
                                      MediaNodeProperties properties) {
        NodeInfo node = NodeInfo.newBuilder().setNodeId(nodeId(properties)).setRegion(properties.region())
                .setMaxDatagramSize(MAX_MEDIA_DATAGRAM).build();
        return new SignalingContext(new WebTransportTokens(redis.reactive()), joinTokens, commands, rosters, presence,
                sessions, node, properties.maxMessageSize(), properties.joinTimeout(), properties.qualityInterval());
    }

    @Bean(destroyMethod = "close")
    NodeRegistration nodeRegistration(CommandGateway commands, DataSource dataSource,
                                      StatefulRedisConnection<String, String> redis, MediaNodeProperties properties,
                                      Rosters rosters, Sessions sessions) {
        return new NodeRegistration(commands, new JdbcTemplate(dataSource), redis.async(),
                new NodeRegistration.Identity(nodeId(properties), properties.region(), properties.maxMeetings(),
                        properties.maxParticipants(), properties.maxStreams(), properties.maxBitrateMbps(),
                        MediaNodeConfiguration.class.getPackage().getImplementationVersion()),
                properties.heartbeatInterval(),
                () -> new NodeRegistration.Load(rosters.activeMeetings(), sessions.participants(), sessions.streams(),
                        sessions.bitrateMbpsSinceLastCall()));
    }

    @Bean
    MediaNode mediaNode(MediaNodeProperties properties, NodeCertificate certificate, SignalingContext signaling,
                        MeetingEventFeed feed, NodeRegistration registration) {
        return new MediaNode(properties, certificate, signaling, feed, properties.register() ? registration : null);
    }

    static String nodeId(MediaNodeProperties properties) {
        if (!properties.nodeId().isBlank()) {
            return properties.nodeId();
        }
        return "media-" + properties.publicHost().replaceAll("[^A-Za-z0-9-]", "-") + "-" + properties.udpPort();
    }
}
