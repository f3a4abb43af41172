package io.darktower.commands.processes;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link RecordingsOfEndedMeetings} runs as a tracking processor on the event store. A failure (the database gone,
 * a concurrent append) propagates, so the processor rolls the event back and retries it with back-off instead of
 * Axon's default of logging and moving on, which would leave a recording running.
 */
@Configuration(proxyBeanMethods = false)
public class RecordingProcessConfiguration {

    @Bean
    ConfigurerModule recordingsOfEndedMeetingsProcessor() {
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(RecordingsOfEndedMeetings.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(RecordingsOfEndedMeetings.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance());
    }
}
