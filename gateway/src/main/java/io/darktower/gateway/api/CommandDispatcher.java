package io.darktower.gateway.api;

import io.darktower.events.EventMetadata;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends commands from the reactive edge. Axon's command handling and the JDBC event store block, so a command
 * runs on the bounded elastic scheduler, never on an event-loop thread.
 */
@Component
public class CommandDispatcher {

    private final CommandGateway commands;

    public CommandDispatcher(CommandGateway commands) {
        this.commands = commands;
    }

    public <R> Mono<R> send(Object command, RequestContext context) {
        return send(command, context.metadata());
    }

    /** A command the platform sends on its own behalf (actor {@code system}), e.g. when a participant's presence lapses. */
    public <R> Mono<R> send(Object command, EventMetadata metadata) {
        var message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.from(metadata.toMap()));
        return Mono.defer(() -> Mono.fromFuture(commands.<R>send(message)))
                .subscribeOn(Schedulers.boundedElastic())
                // callers see the command's own failure (a rejection, an unknown meeting), not its wrapper
                .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause());
    }
}
