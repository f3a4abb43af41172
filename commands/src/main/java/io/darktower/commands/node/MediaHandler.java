package io.darktower.commands.node;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.darktower.events.node.MediaHandlerCapacityChanged;
import io.darktower.events.node.MediaHandlerDeregistered;
import io.darktower.events.node.MediaHandlerHealthChanged;
import io.darktower.events.node.MediaHandlerRegistered;
import io.darktower.events.node.NodeHealth;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One media handler's registration: its details, capabilities, limits and health while registered. As for
 * {@link MeetingController}, every handler creates if missing and all but the registration refuse an unregistered node.
 */
@Aggregate
public class MediaHandler {

    @AggregateIdentifier
    private UUID aggregateId;
    private String handlerId;
    private boolean registered;
    private MediaHandlerRegistered registration;
    private int maxStreams;
    private int maxBitrateMbps;
    private NodeHealth health;

    protected MediaHandler() {
        // for event sourcing, and for the first command of a handler
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RegisterMediaHandler command) {
        if (registered && sameRegistration(command)) {
            return; // a retry
        }
        apply(new MediaHandlerRegistered(command.handlerId(), command.region(), command.endpoint(),
                command.maxStreams(), command.maxBitrateMbps(), command.supportsTranscoding(),
                command.supportsMixing(), command.supportedCodecs(), command.version(), command.metadata(),
                command.requestedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeMediaHandlerCapacity command) {
        requireRegistered(command.handlerId());
        if (maxStreams == command.maxStreams() && maxBitrateMbps == command.maxBitrateMbps()) {
            return;
        }
        apply(new MediaHandlerCapacityChanged(handlerId, command.maxStreams(), command.maxBitrateMbps(),
                command.requestedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeMediaHandlerHealth command) {
        requireRegistered(command.handlerId());
        if (health == command.health()) {
            return;
        }
        apply(new MediaHandlerHealthChanged(handlerId, command.health(), command.reason(), command.requestedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DeregisterMediaHandler command) {
        if (handlerId == null) {
            throw NodeRejection.NOT_REGISTERED.because("media handler " + command.handlerId() + " never registered");
        }
        if (!registered) {
            return;
        }
        apply(new MediaHandlerDeregistered(handlerId, command.requestedAt()));
    }

    private boolean sameRegistration(RegisterMediaHandler command) {
        return registration.region().equals(command.region())
                && registration.endpoint().equals(command.endpoint())
                && registration.supportsTranscoding() == command.supportsTranscoding()
                && registration.supportsMixing() == command.supportsMixing()
                && registration.supportedCodecs().equals(command.supportedCodecs())
                && Objects.equals(registration.version(), command.version())
                && registration.metadata().equals(command.metadata())
                && maxStreams == command.maxStreams()
                && maxBitrateMbps == command.maxBitrateMbps();
    }

    private void requireRegistered(String requested) {
        if (!registered) {
            throw NodeRejection.NOT_REGISTERED.because("media handler " + requested + " is not registered");
        }
    }

    @EventSourcingHandler
    void on(MediaHandlerRegistered event) {
        aggregateId = event.aggregateId();
        handlerId = event.handlerId();
        registered = true;
        registration = event;
        maxStreams = event.maxStreams();
        maxBitrateMbps = event.maxBitrateMbps();
        health = NodeHealth.HEALTHY;
    }

    @EventSourcingHandler
    void on(MediaHandlerCapacityChanged event) {
        maxStreams = event.maxStreams();
        maxBitrateMbps = event.maxBitrateMbps();
    }

    @EventSourcingHandler
    void on(MediaHandlerHealthChanged event) {
        health = event.health();
    }

    @EventSourcingHandler
    void on(MediaHandlerDeregistered event) {
        registered = false;
    }
}
