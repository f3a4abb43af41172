package io.darktower.commands.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A string a read store can hold: at most {@link #max()} characters, no control characters (PostgreSQL text cannot
 * hold NUL; no name, code or version needs a line break or an escape), no lone surrogates, and not blank when
 * {@link #required()}. Null passes unless required. Declared on command records, checked for every command; also on
 * the elements of a list or map ({@code List<@Text(max = 32) String>}).
 */
@Documented
@Constraint(validatedBy = TextValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Text {

    int max();

    boolean required() default false;

    String message() default "must be text of at most {max} characters without control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
