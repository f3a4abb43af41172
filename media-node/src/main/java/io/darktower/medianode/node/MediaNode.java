package io.darktower.medianode.node;

import io.darktower.medianode.roster.MeetingEventFeed;
import io.darktower.medianode.signaling.SignalingContext;
import io.darktower.medianode.signaling.SignalingSession;
import io.darktower.medianode.webtransport.NodeCertificate;
import io.darktower.medianode.webtransport.WebTransportServer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A running media node: the meeting event feed first (sessions need rosters), then the WebTransport server and the
 * certificate endpoint, then its registration (it takes meetings once the gateway can reach it). On stop it
 * deregisters first (joins through the gateway go elsewhere), then drains its sessions (each is told to reconnect
 * through the gateway) before the sockets close. {@link #crash} is the other way to end, for tests of node failures.
 */
public final class MediaNode implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MediaNode.class);

    private final MediaNodeProperties properties;
    private final NodeCertificate certificate;
    private final SignalingContext signaling;
    private final MeetingEventFeed feed;
    private volatile WebTransportServer server;
    private volatile CertificateEndpoint certificateEndpoint;
    /** Null when the node does not register itself. */
    private final NodeRegistration registration;

    public MediaNode(MediaNodeProperties properties, NodeCertificate certificate, SignalingContext signaling,
                     MeetingEventFeed feed, NodeRegistration registration) {
        this.properties = properties;
        this.certificate = certificate;
        this.signaling = signaling;
        this.feed = feed;
        this.registration = registration;
    }

    @Override
    public void start() {
        feed.start();
        WebTransportServer.Settings defaults = WebTransportServer.Settings.of(properties.bindAddress(), properties.udpPort(),
                properties.path());
        WebTransportServer.Settings settings = new WebTransportServer.Settings(defaults.host(), defaults.port(),
                properties.sockets() > 0 ? properties.sockets() : defaults.sockets(), defaults.path(), defaults.idleTimeout(),
                properties.maxSessionsPerConnection(), defaults.maxUdpPayload(), defaults.epoll());
        server = WebTransportServer.start(settings, certificate, (session, request) -> {
            if (signaling.sessions().draining()) {
                return null;
            }
            CharSequence agent = request.get("user-agent");
            return new SignalingSession(session, signaling, agent == null ? null : agent.toString());
        });
        if (properties.httpPort() >= 0) {
            certificateEndpoint = CertificateEndpoint.start(properties.bindAddress(), properties.httpPort(),
                    certificate.sha256Hex());
        }
        log.info("media node {} serving WebTransport on udp {} ({}), certificate sha256 {}{}", signaling.node().getNodeId(),
                server.port(), properties.path(), certificate.sha256Hex(),
                certificateEndpoint == null ? "" : " at http port " + certificateEndpoint.port() + CertificateEndpoint.PATH);
        if (registration != null) {
            registration.register(endpoint());
        }
    }

    /** The WebTransport URL clients reach this node at: what it registers, and a join answers as {@code signalingUrl}. */
    public String endpoint() {
        return "https://" + properties.publicHost() + ":" + server.port() + properties.path();
    }

    /** The node's id in the registries. */
    public String nodeId() {
        return signaling.node().getNodeId();
    }

    @Override
    public void stop() {
        if (registration != null) {
            registration.deregister();
        }
        signaling.sessions().drain("node stopping");
        closeSocketsAndFeed("stopping");
    }

    /** Closes the sockets (their sessions end) and the event feed. */
    private void closeSocketsAndFeed(String doing) {
        for (AutoCloseable part : List.<AutoCloseable>of(
                () -> { if (server != null) server.close(); },
                () -> { if (certificateEndpoint != null) certificateEndpoint.close(); },
                feed)) {
            try {
                part.close();
            } catch (Exception e) {
                log.warn("{} the media node", doing, e);
            }
        }
        server = null;
        certificateEndpoint = null;
    }

    /**
     * Ends the node as a crash would, for tests of node failures: no heartbeat, presence refresh, command, drain or
     * deregistration any more, and the sockets are gone — its participants hear nothing, their presence lapses, and
     * the registries find it silent.
     */
    public synchronized void crash() {
        if (registration != null) {
            registration.halt();
        }
        signaling.presence().halt();
        signaling.commands().halt();
        closeSocketsAndFeed("crashing");
        log.info("media node {} crashed on purpose", nodeId());
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The UDP port of WebTransport. */
    public int udpPort() {
        return server.port();
    }

    /** The TCP port of {@code /certificate.sha256}; -1 when it is not served. */
    public int httpPort() {
        CertificateEndpoint endpoint = certificateEndpoint;
        return endpoint == null ? -1 : endpoint.port();
    }

    public NodeCertificate certificate() {
        return certificate;
    }

    public String path() {
        return properties.path();
    }
}
