package io.darktower.commands.user;

import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove the link to a provider; unlinking one that is not linked changes nothing. */
public record UnlinkOAuthProvider(
        @TargetAggregateIdentifier @NotNull UUID userId,
        @Text(max = User.MAX_PROVIDER, required = true) @Pattern(regexp = User.PROVIDER_PATTERN) String provider,
        @NotNull @StorableInstant Instant requestedAt) {
}
