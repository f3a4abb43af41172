package io.darktower.medianode;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A media node: the WebTransport server with the write side it sends the participants' commands through (the same
 * aggregates and event store as every other edge) and the meeting events it learns from. No HTTP server of Spring's:
 * the node serves its own sockets.
 */
@SpringBootApplication(scanBasePackages = {"io.darktower.medianode", "io.darktower.commands"})
public class MediaNodeApplication {

    static {
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }

    /** Its configuration file is {@code media-node.yaml}: the gateway's {@code application.yaml} may share the classpath. */
    public static final String CONFIG_NAME = "spring.config.name=media-node";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** For assemblies (the platform) and tests: the node as one more application. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(MediaNodeApplication.class).web(WebApplicationType.NONE).properties(CONFIG_NAME);
    }
}
