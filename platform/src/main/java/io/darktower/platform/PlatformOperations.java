package io.darktower.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the assembly adds to the gateway's application: operators' endpoints over the read side. */
@Configuration(proxyBeanMethods = false)
public class PlatformOperations {

    @Bean
    ProjectionsEndpoint projectionsEndpoint() {
        return new ProjectionsEndpoint();
    }
}
