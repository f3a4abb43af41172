package io.darktower.commands.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Text}, saying which of its rules a value broke. */
public final class TextValidator implements ConstraintValidator<Text, String> {

    private int max;
    private boolean required;

    @Override
    public void initialize(Text annotation) {
        max = annotation.max();
        required = annotation.required();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return !required || fail(context, "is required");
        }
        if (required && value.isBlank()) {
            return fail(context, "must not be blank");
        }
        if (value.length() > max) {
            return fail(context, "is longer than " + max + " characters");
        }
        String problem = characterProblem(value);
        return problem == null || fail(context, problem);
    }

    /** What is wrong with the characters of {@code value} (a control character, a lone surrogate), or null. */
    static String characterProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return "must not contain control characters (found U+%04X)".formatted((int) c);
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(++i)))) {
                return "must not contain unpaired surrogates";
            }
        }
        return null;
    }

    private static boolean fail(ConstraintValidatorContext context, String message) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
        return false;
    }
}
