package io.darktower.devstack;

/**
 * The infrastructure every test in one JVM shares: started on first use, stopped when the JVM exits.
 * Tests isolate themselves with their own ids, topics or databases ({@link Databases#create}).
 */
public final class SharedTestStack {

    private static Infrastructure instance;

    private SharedTestStack() {
    }

    public static synchronized Endpoints endpoints() {
        if (instance == null) {
            Infrastructure started = DevStack.start(DevStackConfig.forTests());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "devstack-stop"));
            instance = started;
        }
        return instance.endpoints();
    }
}
