package io.darktower.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The HTTP edge: WebFlux API over the write side (commands) and the read side (queries). */
@SpringBootApplication(scanBasePackages = {"io.darktower.gateway", "io.darktower.commands", "io.darktower.queries"})
public class GatewayApplication {

    static {
        // the update check phones home; this platform runs where that is neither wanted nor possible
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
