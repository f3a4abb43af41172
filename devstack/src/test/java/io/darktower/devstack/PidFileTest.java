package io.darktower.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorded pid is trusted only while it still names the server it was written for: pids are reused. */
class PidFileTest {

    @TempDir
    Path dir;

    @Test
    void aPidNowUsedByAnotherProgramIsNotTheServer() {
        PidFile file = new PidFile(dir.resolve("redis.pid"), "redis-server", dir);
        file.write(ProcessHandle.current().pid());

        assertThat(file.runningProcess()).isEmpty();
    }

    @Test
    void aPidOfAProcessThatEndedIsNotTheServer() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        PidFile file = new PidFile(dir.resolve("redis.pid"), "redis-server", dir);
        file.write(ended.pid());

        assertThat(file.runningProcess()).isEmpty();
    }

    @Test
    void aMissingOrGarbledFileNamesNoProcess() throws Exception {
        PidFile file = new PidFile(dir.resolve("postmaster.pid"), "postgres", dir);
        assertThat(file.runningProcess()).isEmpty();

        Files.writeString(file.path(), "not a pid\n");
        assertThat(file.runningProcess()).isEmpty();
    }
}
