package io.darktower.medianode.node;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darktower.media.*}: where and how a media node serves.
 *
 * @param nodeId              the node's id in the media-handler registry; empty: {@code media-<host>-<udp port>}
 * @param region              the region the node reports
 * @param bindAddress         the address the UDP sockets and the HTTP endpoint bind to
 * @param publicHost          the host name or address clients reach the node at (and the development certificate names)
 * @param udpPort             the WebTransport (QUIC) port; 0 for any free port
 * @param sockets             UDP sockets / event loops on that port; 0 for one per core (epoll only, else one)
 * @param path                the path of the extended CONNECT that opens a session
 * @param httpPort            the plain HTTP port of {@code /certificate.sha256}; 0 for any free port, -1 for none
 * @param certificateFile     PEM certificate chain; empty: a development certificate is generated at start
 * @param keyFile             PEM private key of {@code certificateFile}
 * @param developmentCertificateValidity validity of the generated certificate (at most 14 days)
 * @param maxMessageSize      the largest signaling message accepted, in bytes
 * @param joinTimeout         how long a session's join may take to be confirmed by the meeting's events
 * @param presenceInterval    how often the presence of connected participants is refreshed (under its 30 s TTL)
 * @param eventLookBack       how far back the node reads meeting events when it starts
 * @param maxSessionsPerConnection WebTransport sessions one QUIC connection may open
 */
@ConfigurationProperties("darktower.media")
public record MediaNodeProperties(
        @DefaultValue("") String nodeId,
        @DefaultValue("local") String region,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("127.0.0.1") String publicHost,
        @DefaultValue("4433") int udpPort,
        @DefaultValue("0") int sockets,
        @DefaultValue("/wt") String path,
        @DefaultValue("4480") int httpPort,
        Path certificateFile,
        Path keyFile,
        @DefaultValue("10d") Duration developmentCertificateValidity,
        @DefaultValue("65536") int maxMessageSize,
        @DefaultValue("10s") Duration joinTimeout,
        @DefaultValue("10s") Duration presenceInterval,
        @DefaultValue("24h") Duration eventLookBack,
        @DefaultValue("4") int maxSessionsPerConnection) {
}
