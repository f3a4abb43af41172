package io.darktower.commands.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.time.Instant;

/** Checks {@link StorableInstant}. */
public final class StorableInstantValidator implements ConstraintValidator<StorableInstant, Instant> {

    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    @Override
    public boolean isValid(Instant value, ConstraintValidatorContext context) {
        return value == null || (!value.isBefore(EARLIEST) && !value.isAfter(LATEST));
    }
}
