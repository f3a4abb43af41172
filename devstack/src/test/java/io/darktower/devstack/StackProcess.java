package io.darktower.devstack;

/**
 * The embedded stack in a JVM of its own, configured like the local run (system properties), for tests that kill
 * it: prints {@code READY} once the stack is up, stops it on SIGTERM, and on a failed start prints one line to
 * stderr and exits 1.
 */
public final class StackProcess {

    private StackProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Infrastructure infrastructure;
        try {
            infrastructure = DevStack.start(DevStackConfig.forLocalRun());
        } catch (RuntimeException e) {
            System.err.println("stack did not start: " + Failures.oneLine(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "stack-stop"));
        System.out.println("READY");
        Thread.currentThread().join();
    }
}
