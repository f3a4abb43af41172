package io.darktower.commands.user;

import io.darktower.commands.validation.JsonObject;
import io.darktower.commands.validation.StorableInstant;
import io.darktower.commands.validation.Text;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Change the display name and/or replace the metadata object; a null field stays as it is. */
public record ChangeUserProfile(
        @TargetAggregateIdentifier @NotNull UUID userId,
        @Text(max = User.MAX_NAME) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String displayName,
        @JsonObject(maxChars = User.MAX_METADATA) Map<String, Object> metadata,
        @NotNull @StorableInstant Instant requestedAt) {
}
