package io.darktower.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The claim of one running stack on its data folder. The operating system drops the lock when the process dies,
 * however it dies, so a start that gets the lock knows that any server still recorded in the folder was left
 * behind, and a start that does not get it knows that a live platform uses the folder and must not be touched.
 */
final class RunLock implements AutoCloseable {

    static final String FILE = "devstack.lock";

    /**
     * Locks this JVM holds. They are checked before the file is opened at all: closing any descriptor of a locked
     * file drops the process's lock on it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir}, or fails naming the process that holds it. */
    static RunLock acquire(Path dir) {
        return tryAcquire(dir).orElseThrow(() -> new IllegalStateException("the data folder " + dir
                + " is in use by a running platform" + holder(dir) + "; stop it first or set DARKTOWER_DATA_DIR"));
    }

    static Optional<RunLock> tryAcquire(Path dir) {
        Path file = dir.resolve(FILE).toAbsolutePath().normalize();
        if (!HELD.add(file)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD.remove(file);
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return Optional.of(new RunLock(file, channel, lock));
        } catch (IOException e) {
            HELD.remove(file);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            HELD.remove(file);
        }
    }

    private static String holder(Path dir) {
        Path file = dir.resolve(FILE).toAbsolutePath().normalize();
        if (HELD.contains(file)) {
            return " (this process, pid " + ProcessHandle.current().pid() + ")";
        }
        try {
            String pid = Files.readString(file).strip();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
