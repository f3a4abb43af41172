package io.darktower.medianode.node;

import java.net.URI;
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
 * @param jwksUri             the gateway's JWKS ({@code /.well-known/jwks.json}; or a {@code file:} URI): verifies join tokens
 * @param jwksMinReload       the JWKS is read again for an unknown key id at most this often
 * @param tokenIssuer         the {@code iss} of the gateway's tokens ({@code darktower.auth.issuer} of the gateway)
 * @param register            whether the node registers itself (meeting controller and media handler) and beats
 * @param heartbeatInterval   how often it beats (under the gateway's {@code darktower.nodes.heartbeat-timeout})
 * @param maxMeetings         meetings the node takes (its controller registration)
 * @param maxParticipants     participants the node takes
 * @param maxStreams          streams the node forwards (its media handler registration)
 * @param maxBitrateMbps      bitrate the node forwards, in Mbit/s
 * @param presenceTtl         the TTL of {@code presence:{participant_id}} it refreshes (the seed's 30 s; shorter in tests)
 * @param qualityInterval     how often publishers and subscribers get {@code StreamQualityUpdate}s of the streams
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
        @DefaultValue("4") int maxSessionsPerConnection,
        @DefaultValue("http://127.0.0.1:8080/.well-known/jwks.json") URI jwksUri,
        @DefaultValue("5s") Duration jwksMinReload,
        @DefaultValue("darktower") String tokenIssuer,
        @DefaultValue("true") boolean register,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("100") int maxMeetings,
        @DefaultValue("1000") int maxParticipants,
        @DefaultValue("2000") int maxStreams,
        @DefaultValue("10000") int maxBitrateMbps,
        @DefaultValue("30s") Duration presenceTtl,
        @DefaultValue("2s") Duration qualityInterval) {
}
