package io.darktower.commands.node;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.darktower.events.node.ControllerCapacityChanged;
import io.darktower.events.node.ControllerDeregistered;
import io.darktower.events.node.ControllerHealthChanged;
import io.darktower.events.node.ControllerRegistered;
import io.darktower.events.node.NodeHealth;
import java.util.Objects;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.stereotype.Component;

/**
 * One meeting controller's registration: its details, limits and health while registered. Every command may meet
 * a controller that never registered (its aggregate id derives from its name), so each handler creates if missing
 * and all but the registration refuse a node that is not registered. Its bean has a name of its own: the gateway's
 * meetings resource is a {@code MeetingController} too.
 */
@Aggregate
@Component("meetingControllerAggregate")
public class MeetingController {

    @AggregateIdentifier
    private UUID aggregateId;
    private String controllerId;
    private boolean registered;
    private ControllerRegistered registration;
    private int maxMeetings;
    private int maxParticipants;
    private NodeHealth health;

    protected MeetingController() {
        // for event sourcing, and for the first command of a controller
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RegisterController command) {
        if (registered && sameRegistration(command)) {
            return; // a retry: registered with these details already
        }
        apply(new ControllerRegistered(command.controllerId(), command.region(), command.endpoint(),
                command.maxMeetings(), command.maxParticipants(), command.version(), command.metadata(),
                command.requestedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeControllerCapacity command) {
        requireRegistered(command.controllerId());
        if (maxMeetings == command.maxMeetings() && maxParticipants == command.maxParticipants()) {
            return;
        }
        apply(new ControllerCapacityChanged(controllerId, command.maxMeetings(), command.maxParticipants(),
                command.requestedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChangeControllerHealth command) {
        requireRegistered(command.controllerId());
        if (health == command.health()) {
            return;
        }
        apply(new ControllerHealthChanged(controllerId, command.health(), command.reason(), command.requestedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DeregisterController command) {
        if (controllerId == null) {
            throw NodeRejection.NOT_REGISTERED.because("controller " + command.controllerId() + " never registered");
        }
        if (!registered) {
            return; // gone already
        }
        apply(new ControllerDeregistered(controllerId, command.requestedAt()));
    }

    /** The details of the last registration, with the limits as they are now (a limits change keeps the rest). */
    private boolean sameRegistration(RegisterController command) {
        return registration.region().equals(command.region())
                && registration.endpoint().equals(command.endpoint())
                && Objects.equals(registration.version(), command.version())
                && registration.metadata().equals(command.metadata())
                && maxMeetings == command.maxMeetings()
                && maxParticipants == command.maxParticipants();
    }

    private void requireRegistered(String requested) {
        if (!registered) {
            throw NodeRejection.NOT_REGISTERED.because("controller " + requested + " is not registered");
        }
    }

    @EventSourcingHandler
    void on(ControllerRegistered event) {
        aggregateId = event.aggregateId();
        controllerId = event.controllerId();
        registered = true;
        registration = event;
        maxMeetings = event.maxMeetings();
        maxParticipants = event.maxParticipants();
        health = NodeHealth.HEALTHY;
    }

    @EventSourcingHandler
    void on(ControllerCapacityChanged event) {
        maxMeetings = event.maxMeetings();
        maxParticipants = event.maxParticipants();
    }

    @EventSourcingHandler
    void on(ControllerHealthChanged event) {
        health = event.health();
    }

    @EventSourcingHandler
    void on(ControllerDeregistered event) {
        registered = false;
    }
}
