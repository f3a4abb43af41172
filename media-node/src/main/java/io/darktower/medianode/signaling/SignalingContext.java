package io.darktower.medianode.signaling;

import io.darktower.medianode.roster.Rosters;
import io.darktower.queries.webtransport.WebTransportTokens;
import io.darktower.signaling.NodeInfo;
import java.time.Duration;

/**
 * What every signaling session of a node shares.
 *
 * @param joinTokens     checks the join token a session is admitted with, besides the one-time connection token
 * @param maxMessageSize the largest signaling message accepted from a client, in bytes
 * @param joinTimeout    how long a session may take from its JoinRequest to its own join in the meeting's events
 * @param qualityInterval how often a publisher's streams' figures are sent ({@code StreamQualityUpdate})
 */
public record SignalingContext(WebTransportTokens tokens, JoinTokens joinTokens, MeetingCommands commands, Rosters rosters, Presence presence,
                               Sessions sessions, NodeInfo node, int maxMessageSize, Duration joinTimeout,
                               Duration qualityInterval) {
}
