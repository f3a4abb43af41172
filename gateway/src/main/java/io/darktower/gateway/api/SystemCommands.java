package io.darktower.gateway.api;

import io.darktower.events.EventMetadata;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;

/**
 * Commands a process of the platform (the node sweeper, the retention job) sends on its own behalf: actor
 * {@code system}, one correlation id per run, so the audit trail tells them from people's requests.
 */
public final class SystemCommands {

    private SystemCommands() {
    }

    /** Sends and waits; a refusal is thrown as the aggregate's {@code Rejected}. */
    public static <R> R send(CommandGateway commands, Object command, String correlation) {
        EventMetadata metadata = new EventMetadata(null, EventMetadata.ACTOR_SYSTEM, correlation, null, null, null);
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metadata.toMap())));
    }
}
