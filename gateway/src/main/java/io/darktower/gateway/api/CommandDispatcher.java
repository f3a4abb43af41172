package io.darktower.gateway.api;

import io.darktower.commands.Rejected;
import io.darktower.events.EventMetadata;
import io.darktower.gateway.audit.RefusalAudit;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends commands from the reactive edge. Axon's command handling and the JDBC event store block, so a command
 * runs on the bounded elastic scheduler, never on an event-loop thread. A refusal that matters for security is put on
 * the audit trail ({@link RefusalAudit}) before the caller hears of it.
 */
@Component
public class CommandDispatcher {

    private final CommandGateway commands;
    private final RefusalAudit refusals;

    public CommandDispatcher(CommandGateway commands, RefusalAudit refusals) {
        this.commands = commands;
        this.refusals = refusals;
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
                .onErrorMap(CompletionException.class, e -> e.getCause() == null ? e : e.getCause())
                .onErrorResume(RefusalAudit::audited, refused -> refusals.record(command, (Rejected) refused, metadata)
                        .subscribeOn(Schedulers.boundedElastic())
                        .then(Mono.error(refused)));
    }
}
