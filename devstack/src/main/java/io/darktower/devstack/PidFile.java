package io.darktower.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The file in a server's data folder that names its process, so that a later start can find a server an earlier
 * platform left running when it was killed. Pids are reused: a recorded pid is trusted only while it runs
 * {@code program} on {@code dataDir} and that process started before the file was last written.
 *
 * @param path    the file; its first line is the pid (PostgreSQL's own {@code postmaster.pid} has that form too)
 * @param program the executable's file name
 * @param dataDir a path the process's command line names
 */
record PidFile(Path path, String program, Path dataDir) {

    /** {@code startInstant} is derived from the boot time, which Linux gives to the second. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

    void write(long pid) {
        try {
            Path part = path.resolveSibling(path.getFileName() + ".part");
            Files.writeString(part, pid + System.lineSeparator());
            Files.move(part, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists() {
        return Files.exists(path);
    }

    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recorded process, if it still runs and really is the server this file was written for. */
    Optional<ProcessHandle> runningProcess() {
        try {
            Instant written = Files.getLastModifiedTime(path).toInstant();
            return recordedPid().flatMap(Processes::alive).filter(p -> isServer(p.info(), written));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid in the file, whatever runs under it now. */
    Optional<Long> recordedPid() {
        try {
            List<String> lines = Files.readAllLines(path);
            return lines.isEmpty() || !lines.get(0).strip().matches("[0-9]{1,10}")
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isServer(ProcessHandle.Info info, Instant written) {
        boolean sameProgram = info.command().map(c -> Path.of(c).getFileName().toString().equals(program)).orElse(false);
        boolean sameData = info.commandLine().map(c -> c.contains(dataDir.toString())).orElse(false);
        boolean startedBefore = info.startInstant().map(s -> !s.isAfter(written.plus(CLOCK_SLACK))).orElse(false);
        return sameProgram && sameData && startedBefore;
    }
}
