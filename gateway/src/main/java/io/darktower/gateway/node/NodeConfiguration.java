package io.darktower.gateway.node;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link NodeProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
public class NodeConfiguration {
}
