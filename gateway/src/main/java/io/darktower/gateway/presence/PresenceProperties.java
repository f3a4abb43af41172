package io.darktower.gateway.presence;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Presence ({@code darktower.presence.*}): heartbeats keep {@code presence:{participant_id}} alive for the seed's
 * 30 seconds; a participant whose presence is gone leaves with {@code connection_lost}.
 *
 * @param enabled       whether this gateway looks for lapsed participants (any number of gateways may: a second
 *                      leave of the same participant changes nothing)
 * @param sweepInterval how often present participants are checked
 * @param joinGrace     a participant that joined less than this ago is not expected to have sent a heartbeat yet
 * @param confirm       how long a presence must stay gone before the participant is let go, so that a Redis that
 *                      lost its data (restart, flush) gives clients time to send their next heartbeat
 */
@ConfigurationProperties("darktower.presence")
public record PresenceProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("30s") Duration joinGrace,
        @DefaultValue("10s") Duration confirm) {
}
