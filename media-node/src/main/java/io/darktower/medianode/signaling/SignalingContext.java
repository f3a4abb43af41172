package io.darktower.medianode.signaling;

import io.darktower.medianode.roster.Rosters;
import io.darktower.queries.webtransport.WebTransportTokens;
import io.darktower.signaling.NodeInfo;
import java.time.Duration;

/**
 * What every signaling session of a node shares.
 *
 * @param maxMessageSize the largest signaling message accepted from a client, in bytes
 * @param joinTimeout    how long a session may take from its JoinRequest to its own join in the meeting's events
 */
public record SignalingContext(WebTransportTokens tokens, MeetingCommands commands, Rosters rosters, Presence presence,
                               Sessions sessions, NodeInfo node, int maxMessageSize, Duration joinTimeout) {
}
