package io.darktower.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which JIT a JVM runs with, read from its arguments and the environment variables the launcher adds to them.
 * {@code spring-boot:run} starts the application with {@code -XX:TieredStopAtLevel=1} (C1 only) unless
 * {@code optimizedLaunch} is off: fine for starting quickly, wrong for measuring, so the report says which it was.
 *
 * @param tieredStopAtLevel the last {@code -XX:TieredStopAtLevel} given, null if none (the default, 4: C2)
 * @param interpretedOnly   {@code -Xint}
 * @param jitArguments      the JIT-related arguments found, in the order they apply
 */
record JvmFlags(Integer tieredStopAtLevel, boolean interpretedOnly, List<String> jitArguments) {

    /** Options that take their value as the next argument: that value is not a main class. */
    private static final Set<String> WITH_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
            "--upgrade-module-path", "--add-modules", "--add-opens", "--add-exports", "--add-reads",
            "--patch-module", "--limit-modules", "--source");

    /** True unless the JIT stops before C2 or there is no JIT at all. */
    boolean fullJit() {
        return !interpretedOnly && (tieredStopAtLevel == null || tieredStopAtLevel >= 4);
    }

    /**
     * @param command the JVM's command line, {@code java} first; arguments after the main class or jar are the
     *                application's and are ignored
     * @param env     its environment ({@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} come before the
     *                command line, {@code _JAVA_OPTIONS} after it)
     */
    static JvmFlags of(List<String> command, Map<String, String> env) {
        List<String> args = new ArrayList<>(split(env.get("JAVA_TOOL_OPTIONS")));
        args.addAll(split(env.get("JDK_JAVA_OPTIONS")));
        args.addAll(jvmPart(command));
        args.addAll(split(env.get("_JAVA_OPTIONS")));
        return ofJvmArguments(args);
    }

    /** From arguments that are all the JVM's (as {@code RuntimeMXBean.getInputArguments()} gives them). */
    static JvmFlags ofJvmArguments(List<String> args) {
        Integer level = null;
        boolean interpreted = false;
        List<String> jit = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-XX:TieredStopAtLevel=")) {
                level = Integer.valueOf(a.substring(a.indexOf('=') + 1).trim());
                jit.add(a);
            } else if (a.equals("-Xint")) {
                interpreted = true;
                jit.add(a);
            } else if (a.equals("-Xmixed") || a.equals("-Xcomp")) {
                interpreted = false;
                jit.add(a);
            } else if (a.contains("TieredCompilation") || a.startsWith("-XX:CICompilerCount")) {
                jit.add(a);
            }
        }
        return new JvmFlags(level, interpreted, List.copyOf(jit));
    }

    private static List<String> jvmPart(List<String> command) {
        List<String> jvm = new ArrayList<>();
        for (int i = 1; i < command.size(); i++) {
            String a = command.get(i);
            if (a.equals("-jar") || a.equals("-m") || a.equals("--module") || !a.startsWith("-")) {
                break;
            }
            jvm.add(a);
            if (WITH_VALUE.contains(a)) {
                i++;
            }
        }
        return jvm;
    }

    private static List<String> split(String options) {
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }
}
