package io.darktower.platform;

import io.darktower.platform.audit.AuditController;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the assembly adds to the gateway's application: operators' endpoints over the read side, and the
 * administrators' audit reconstruction over the event store ({@link AuditController}).
 */
@Configuration(proxyBeanMethods = false)
public class PlatformOperations {

    @Bean
    ProjectionsEndpoint projectionsEndpoint() {
        return new ProjectionsEndpoint();
    }

    @Bean
    AuditController auditController(DataSource dataSource) {
        return new AuditController(dataSource);
    }
}
